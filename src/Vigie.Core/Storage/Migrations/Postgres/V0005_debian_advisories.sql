-- Who wrote a Debian status row: 'tracker' (the security tracker JSON, the tracker's current view, authoritative) or
-- the id of the DSA/DLA advisory it comes from ('DSA-5376-1'). Advisory rows only fill what the tracker did not say:
-- the tracker never loses a row to an advisory, and replaces an advisory's row when it speaks of the same key.
ALTER TABLE vuln_debian ADD COLUMN origin TEXT NOT NULL DEFAULT 'tracker';
