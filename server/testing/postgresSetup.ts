import type { TestProject } from "vitest/node";
import { Pool } from "pg";
import { migratePostgres, openPostgres } from "@/db/postgres";
import { startPostgres } from "./postgres";

/*
 * Global set-up of the "postgres" test project: starts a throwaway PostgreSQL server for
 * the run, migrates a template database once (each test database is a copy of it), and
 * stops and deletes the server afterwards. Without the server binaries it fails with
 * what to install, never skipping the suites silently.
 */

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
    postgresTemplate: string;
  }
}

const TEMPLATE = "flowguard_template";

export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startPostgres();
  try {
    const admin = new Pool({ connectionString: server.url(), max: 1 });
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
    await admin.end();
    const template = openPostgres(server.url(TEMPLATE), { max: 1 });
    await migratePostgres(template);
    await template.$client.end();
  } catch (error) {
    server.stop();
    throw error;
  }
  project.provide("postgresUrl", server.url());
  project.provide("postgresTemplate", TEMPLATE);
  return () => server.stop();
}
