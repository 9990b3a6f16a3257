-- How each line's price was found when it was entered (the resolver's source and
-- trace, as JSON), so a voucher reopened later explains the price it was given.
-- NULL: the clerk typed the price, or the line was written before this column.
ALTER TABLE voucher_lines ADD COLUMN price_basis TEXT;
