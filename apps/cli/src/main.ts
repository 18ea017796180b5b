// placeholder: the acs CLI (start, sim, migrate) lands in the next commits
export {};
