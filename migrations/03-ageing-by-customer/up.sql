-- Ageing reads each customer's invoices and settlements together, so its index
-- now keeps each kind in customer order, and a settlement keeps the id of the
-- invoice it names beside the number: reports no longer look the number up row by row.
-- A customer's ledger counts and sums its entries from the index alone.
ALTER TABLE vouchers ADD COLUMN applies_to_id INTEGER REFERENCES vouchers(id);

UPDATE vouchers
SET applies_to_id = (SELECT applied.id FROM vouchers applied WHERE applied.number = vouchers.applies_to)
WHERE applies_to IS NOT NULL;

DROP INDEX vouchers_for_ageing;
CREATE INDEX vouchers_for_ageing ON vouchers
    (kind, voided, customer_id, date, due_date, total, amount, payable_amount, applies_to_id);

DROP INDEX vouchers_by_customer;
CREATE INDEX vouchers_by_customer ON vouchers (customer_id, date, id, voided, debit, credit);
