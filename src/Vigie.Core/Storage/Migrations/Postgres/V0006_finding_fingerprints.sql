-- Per asset, an order-independent fingerprint of its open findings (sum of a 64-bit hash of each finding's CVE,
-- program, versions and rule), kept by the same transactions that write the findings. A fleet evaluation compares it
-- with the fingerprint of what the matchers decided and reads the rows of the assets that differ only.
CREATE TABLE vuln_asset_state (
    asset_id UUID PRIMARY KEY,
    open_fingerprint BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
