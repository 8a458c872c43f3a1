// Stands in for the "server-only" marker package under Vitest, which runs
// server modules outside Next.js's react-server environment.
export {};
