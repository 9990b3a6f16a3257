-- A customer's own "when exceeded" action can be left to its groups, and "off" on the
-- customer can now override a group's warn or block.
--
-- Until now "off" on the customer meant "not set here", so a group's warn or block
-- applied. on_exceed_own records whether the customer's own on_exceed is set (1) or
-- the action comes from its group values (0). Existing books keep exactly their
-- behaviour: an action other than off was the customer's own; off was "not set".

ALTER TABLE customers ADD COLUMN on_exceed_own INTEGER NOT NULL DEFAULT 0;
UPDATE customers SET on_exceed_own = 1 WHERE on_exceed <> 'off';
