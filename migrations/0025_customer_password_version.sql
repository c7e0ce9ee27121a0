-- Bumped by every password change (POST /store/customers/me {password}, a password reset). Access tokens carry the
-- version they were issued under (claim `pwv`, absent = 0) and stop working once it moves on.
ALTER TABLE customer ADD COLUMN password_version INTEGER NOT NULL DEFAULT 0;
