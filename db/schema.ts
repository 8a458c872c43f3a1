import { alias as pgAlias } from "drizzle-orm/pg-core";
import { alias as sqliteAlias } from "drizzle-orm/sqlite-core";
import * as pg from "./schema.pg";
import * as sqlite from "./schema.sqlite";
import { onPostgres } from "./dialect";

/*
 * The tables the services use, for the dialect this process serves from (db/dialect.ts):
 * the SQLite definitions (./schema.sqlite.ts) or the PostgreSQL ones (./schema.pg.ts),
 * which have the same names, columns and TypeScript types. The code is typed against the
 * SQLite tables; drizzle builds each query for the tables it is given, so one service
 * layer serves both databases.
 */

export * from "./schema.sqlite";

const tables = (onPostgres ? pg : sqlite) as typeof sqlite;

export const users = tables.users;
export const sessionMarks = tables.sessionMarks;
export const emailVerifications = tables.emailVerifications;
export const rateLimits = tables.rateLimits;
export const workspaces = tables.workspaces;
export const memberships = tables.memberships;
export const invitations = tables.invitations;
export const flows = tables.flows;
export const flowVersions = tables.flowVersions;
export const apiTokens = tables.apiTokens;
export const auditLog = tables.auditLog;
export const consentEvents = tables.consentEvents;
export const consentLedgers = tables.consentLedgers;
export const consentSubjectKeys = tables.consentSubjectKeys;
export const analyticsCounts = tables.analyticsCounts;
export const analyticsEvents = tables.analyticsEvents;
export const analyticsSettings = tables.analyticsSettings;

/** A second name for a table in one query (a self-join, or users joined twice), for this process's dialect. */
export const alias = (onPostgres ? pgAlias : sqliteAlias) as typeof sqliteAlias;
