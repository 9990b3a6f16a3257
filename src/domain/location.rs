//! Where a book lives, as far as its safety goes: on a local disk, on a network share, or in a
//! folder a cloud service syncs. SQLite's locking and its write-ahead log need a local disk: a
//! share may not lock, and a sync service may copy the file half-written or put back an older
//! copy. What the file system is comes from the OS (see `crate::paths::book_place`); which
//! folder names a sync service uses is decided here.

use std::path::{Component, Path};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookPlace {
    Local,
    /// A network file system; the text names its kind (SMB, NFS, …) when known.
    NetworkShare(String),
    /// A folder a sync service keeps: its name.
    Synced(&'static str),
}

impl BookPlace {
    /// What to tell the clerk, or `None` when the place is safe.
    pub fn warning(&self, book: &Path) -> Option<String> {
        let place = match self {
            BookPlace::Local => return None,
            BookPlace::NetworkShare(kind) => format!("on a network share ({kind})"),
            BookPlace::Synced(service) => format!("in a folder {service} syncs"),
        };
        Some(format!(
            "The book {} is {place}. Clientele needs the book on this computer's own disk: there, \
             another program's writes wait their turn and a crash cannot leave half a save; on a \
             share or a synced folder they may not, and a sync can put back an older copy. Move the \
             book to a local folder and choose the {} folder for the backups instead \
             (Settings → Backups, or clientele backups --folder).",
            book.display(),
            match self {
                BookPlace::Synced(service) => *service,
                _ => "shared",
            }
        ))
    }
}

/// Folder names that sync services create, and the service's name. A name matches at its start
/// ("OneDrive - Hanbit Trading" is OneDrive's business folder), without regard to case.
const SYNCED_FOLDERS: [(&str, &str); 11] = [
    ("onedrive", "OneDrive"),
    ("dropbox", "Dropbox"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("icloud drive", "iCloud Drive"),
    ("icloud", "iCloud Drive"),
    // macOS keeps iCloud Drive in ~/Library/Mobile Documents and the others in CloudStorage.
    ("mobile documents", "iCloud Drive"),
    ("cloudstorage", "a cloud storage service"),
    ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"),
    ("pcloud drive", "pCloud"),
];

/// The sync service whose folder holds `path`, judged by the folders' names.
pub fn synced_service(path: &Path) -> Option<&'static str> {
    path.components().find_map(|component| match component {
        Component::Normal(name) => {
            let name = name.to_string_lossy().to_lowercase();
            SYNCED_FOLDERS.iter().find(|(prefix, _)| name.starts_with(prefix)).map(|(_, service)| *service)
        }
        _ => None,
    })
}

/// The kind of a Linux file system by its magic number (statfs's f_type), when it is a network
/// or user-space one that SQLite's locking cannot rely on.
pub fn network_fs_by_magic(magic: u32) -> Option<&'static str> {
    Some(match magic {
        0x6969 => "NFS",
        0x517B => "SMB",
        0xFF53_4D42 => "SMB/CIFS",
        0xFE53_4D42 => "SMB2",
        0x5346_414F => "AFS",
        0x0102_1997 => "9P",
        0x00C3_6400 => "Ceph",
        0x6573_5546 => "FUSE (sshfs, rclone or another user-space file system)",
        0x0BD0_0BD0 => "Lustre",
        0x4741_4A4A | 0x4749_4A4A => "GlusterFS",
        _ => return None,
    })
}

/// The kind of a BSD or macOS file system by its type name (statfs's f_fstypename), when it is
/// a network one.
pub fn network_fs_by_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "smbfs" => "SMB",
        "nfs" => "NFS",
        "afpfs" => "AFP",
        "webdav" => "WebDAV",
        "cifs" => "SMB/CIFS",
        "fusefs" | "macfuse" | "osxfuse" => "FUSE",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_folders_are_known_by_their_names() {
        for (path, service) in [
            ("/home/kim/Dropbox/books/office.db", "Dropbox"),
            ("C:/Users/kim/OneDrive - Hanbit Trading/office.db", "OneDrive"),
            ("/Users/kim/Library/Mobile Documents/com~apple~CloudDocs/office.db", "iCloud Drive"),
            (
                "/Users/kim/Library/CloudStorage/GoogleDrive-kim@example.com/My Drive/office.db",
                "a cloud storage service",
            ),
            ("G:/Google Drive/office.db", "Google Drive"),
        ] {
            assert_eq!(synced_service(Path::new(path)), Some(service), "{path}");
        }
        for path in ["/home/kim/.local/share/clientele/clientele.db", "D:/Books/office.db", "/srv/drive/office.db"] {
            assert_eq!(synced_service(Path::new(path)), None, "{path}");
        }
    }

    #[test]
    fn network_file_systems_are_named_and_local_ones_pass() {
        assert_eq!(network_fs_by_magic(0xFF53_4D42), Some("SMB/CIFS"));
        assert_eq!(network_fs_by_magic(0x6969), Some("NFS"));
        assert_eq!(network_fs_by_magic(0xEF53), None, "ext4");
        assert_eq!(network_fs_by_magic(0x0102_1994), None, "tmpfs");
        assert_eq!(network_fs_by_name("smbfs"), Some("SMB"));
        assert_eq!(network_fs_by_name("apfs"), None);
    }

    #[test]
    fn only_a_risky_place_is_warned_about_and_the_warning_points_to_backups() {
        let book = Path::new("/home/kim/Dropbox/office.db");
        assert_eq!(BookPlace::Local.warning(book), None);
        let said = BookPlace::Synced("Dropbox").warning(book).unwrap();
        assert!(
            said.contains("in a folder Dropbox syncs") && said.contains("choose the Dropbox folder for the backups")
        );
        let said = BookPlace::NetworkShare("SMB".into()).warning(book).unwrap();
        assert!(said.contains("on a network share (SMB)") && said.contains("backups --folder"));
    }
}
