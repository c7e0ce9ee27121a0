-- A cart's Durable Object keeps the cart it last wrote and trusts it while its `version` is unchanged; its own
-- writes move `version` forward behind a guard (UPDATE … version = CASE WHEN version = <known> …). Any other UPDATE
-- of a cart row that leaves `version` as it was (a write that bypassed the object: an admin tool, a script, a
-- future route) bumps it here, so the object's next guarded write fails, and it reloads instead of overwriting.
CREATE TRIGGER cart_version_bump AFTER UPDATE ON cart
FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN
  UPDATE cart SET version = OLD.version + 1 WHERE id = NEW.id;
END;
