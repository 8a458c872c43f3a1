import { startMailSink } from "./mailSink";

/** Starts the SMTP sink the app mails to for the whole run; Playwright calls the returned function at the end. */
export default async function globalSetup() {
  return startMailSink(Number(process.env.E2E_SMTP_PORT));
}
