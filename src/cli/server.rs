//! `clientele server`: setting up a book on a PostgreSQL server for several PCs, and adding the
//! clerks who work on it.

use super::Context;
use super::error::Result;
use super::output;
use crate::store::{ServerAddress, add_clerk, init_server};
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Make the book on a server, run as its administrator: the database (when missing), the
    /// book's tables, and the role clerks log in under, which may read and write the book's rows
    /// and nothing else. Running it again upgrades an older book.
    Init(InitArgs),
    /// Add a clerk's login (or set its password): the password is read from the first line of
    /// standard input.
    AddClerk(AddClerkArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The book's address as the administrator: postgres://ADMIN@HOST[:PORT]/DATABASE
    /// (the password from PGPASSWORD, or in the address).
    pub url: String,
}

#[derive(Debug, Args)]
pub struct AddClerkArgs {
    /// The book's address as the administrator: postgres://ADMIN@HOST[:PORT]/DATABASE.
    pub url: String,
    /// The clerk's user name, e.g. kim.
    pub name: String,
}

pub fn run(command: ServerCommand, ctx: &mut Context<'_>) -> Result<()> {
    match command {
        ServerCommand::Init(args) => init(args, ctx),
        ServerCommand::AddClerk(args) => clerk(args, ctx),
    }
}

fn init(args: InitArgs, ctx: &mut Context<'_>) -> Result<()> {
    let address = ServerAddress::parse(&args.url)?;
    let done = init_server(&address)?;
    if ctx.json {
        return output::json(ctx.out, &done);
    }
    let schema = match (done.schema_from, done.schema_to) {
        (0, to) => format!("made (schema version {to})"),
        (from, to) if from < to => format!("upgraded from schema version {from} to {to}"),
        (_, to) => format!("up to date (schema version {to})"),
    };
    writeln!(ctx.out, "Book {}: {schema}.", done.book)?;
    if done.database_created {
        writeln!(ctx.out, "The database {} was created.", address.database())?;
    }
    writeln!(
        ctx.out,
        "Clerks log in as members of the role {}, which may read and write the book and nothing else.",
        done.clerk_role
    )?;
    writeln!(ctx.out, "Add a clerk:  echo PASSWORD | clientele server add-clerk {} NAME", address.display())?;
    writeln!(
        ctx.out,
        "On each PC:   clientele --db postgres://NAME@{}:{}/{}  (or in the window: Settings, Book, Open a book on a server…)",
        address.host(),
        address.port(),
        address.database()
    )?;
    Ok(())
}

fn clerk(args: AddClerkArgs, ctx: &mut Context<'_>) -> Result<()> {
    let address = ServerAddress::parse(&args.url)?;
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']);
    add_clerk(&address, &args.name, password)?;
    if ctx.json {
        return output::json(
            ctx.out,
            &serde_json::json!({ "clerk": args.name.trim(), "role": crate::store::CLERK_ROLE }),
        );
    }
    writeln!(
        ctx.out,
        "{} may now open postgres://{}@{}:{}/{}.",
        args.name.trim(),
        args.name.trim(),
        address.host(),
        address.port(),
        address.database()
    )?;
    Ok(())
}
