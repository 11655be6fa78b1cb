-- A client's phone ref: random, stable for the client (across renewed links), and no
-- secret. The phone files its drafts and outbox under it, so answers written for one
-- client are never sent under another's link on a shared phone.
ALTER TABLE clients ADD COLUMN phone_ref TEXT;
UPDATE clients SET phone_ref = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX clients_by_phone_ref ON clients(phone_ref);
