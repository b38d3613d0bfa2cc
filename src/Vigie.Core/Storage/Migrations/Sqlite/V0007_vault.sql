-- The vault. Its keyring is stored sealed under the root key (never stored: rebuilt from Shamir shares, or read from
-- an auto-unseal key file); each space (top-level folder) has its data key wrapped by a keyring term; secrets are
-- AES-256-GCM envelopes under their space's data key, the record identity as associated data.
CREATE TABLE vault_seal (
    id INTEGER PRIMARY KEY,
    mode TEXT NOT NULL,
    threshold INTEGER NOT NULL,
    share_count INTEGER NOT NULL,
    keyring BLOB NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE vault_folders (
    id TEXT PRIMARY KEY,
    parent_id TEXT NULL REFERENCES vault_folders (id),
    space_id TEXT NOT NULL,
    name TEXT NOT NULL,
    name_normalized TEXT NOT NULL,
    read_only INTEGER NOT NULL DEFAULT 0,
    policy TEXT NULL,
    data_key BLOB NULL,
    data_key_term INTEGER NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_vault_folders_sibling ON vault_folders (COALESCE(parent_id, ''), name_normalized);
CREATE INDEX ix_vault_folders_parent ON vault_folders (parent_id);

CREATE TABLE vault_grants (
    id TEXT PRIMARY KEY,
    folder_id TEXT NOT NULL REFERENCES vault_folders (id) ON DELETE CASCADE,
    principal_kind TEXT NOT NULL,
    principal_id TEXT NOT NULL,
    access TEXT NOT NULL,
    expires_at TEXT NULL,
    granted_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (folder_id, principal_kind, principal_id)
);
CREATE INDEX ix_vault_grants_principal ON vault_grants (principal_kind, principal_id);

CREATE TABLE vault_secrets (
    id TEXT PRIMARY KEY,
    folder_id TEXT NOT NULL REFERENCES vault_folders (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    title_normalized TEXT NOT NULL,
    url TEXT NULL,
    tags TEXT NOT NULL,
    version INTEGER NOT NULL,
    strength INTEGER NULL,
    fingerprint TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    password_changed_at TEXT NULL
);
CREATE INDEX ix_vault_secrets_folder ON vault_secrets (folder_id, title_normalized);
CREATE INDEX ix_vault_secrets_fingerprint ON vault_secrets (fingerprint);

CREATE TABLE vault_secret_versions (
    secret_id TEXT NOT NULL REFERENCES vault_secrets (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    payload BLOB NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (secret_id, version)
) WITHOUT ROWID;
