-- The vault. Its keyring is stored sealed under the root key (never stored: rebuilt from Shamir shares, or read from
-- an auto-unseal key file); each space (top-level folder) has its data key wrapped by a keyring term; secrets are
-- AES-256-GCM envelopes under their space's data key, the record identity as associated data.
CREATE TABLE vault_seal (
    id INTEGER PRIMARY KEY,
    mode TEXT NOT NULL,
    threshold INTEGER NOT NULL,
    share_count INTEGER NOT NULL,
    keyring BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE vault_folders (
    id UUID PRIMARY KEY,
    parent_id UUID NULL REFERENCES vault_folders (id),
    space_id UUID NOT NULL,
    name TEXT NOT NULL,
    name_normalized TEXT NOT NULL,
    read_only BOOLEAN NOT NULL DEFAULT FALSE,
    policy TEXT NULL,
    data_key BYTEA NULL,
    data_key_term INTEGER NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_vault_folders_sibling ON vault_folders (COALESCE(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name_normalized);
CREATE INDEX ix_vault_folders_parent ON vault_folders (parent_id);

CREATE TABLE vault_grants (
    id UUID PRIMARY KEY,
    folder_id UUID NOT NULL REFERENCES vault_folders (id) ON DELETE CASCADE,
    principal_kind TEXT NOT NULL,
    principal_id UUID NOT NULL,
    access TEXT NOT NULL,
    expires_at TIMESTAMPTZ NULL,
    granted_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (folder_id, principal_kind, principal_id)
);
CREATE INDEX ix_vault_grants_principal ON vault_grants (principal_kind, principal_id);

CREATE TABLE vault_secrets (
    id UUID PRIMARY KEY,
    folder_id UUID NOT NULL REFERENCES vault_folders (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    title_normalized TEXT NOT NULL,
    url TEXT NULL,
    tags TEXT NOT NULL,
    version INTEGER NOT NULL,
    strength INTEGER NULL,
    fingerprint TEXT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    password_changed_at TIMESTAMPTZ NULL
);
CREATE INDEX ix_vault_secrets_folder ON vault_secrets (folder_id, title_normalized);
CREATE INDEX ix_vault_secrets_fingerprint ON vault_secrets (fingerprint);

CREATE TABLE vault_secret_versions (
    secret_id UUID NOT NULL REFERENCES vault_secrets (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    payload BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (secret_id, version)
);
