/*
 * Whether this instance is shutting down. Set by the HTTP server on SIGTERM, read by
 * /api/ready so a load balancer stops sending new requests while the last ones drain.
 */
const globalForLifecycle = globalThis as unknown as { flowguardDraining?: boolean };

export function markDraining(): void {
  globalForLifecycle.flowguardDraining = true;
}

export function isDraining(): boolean {
  return globalForLifecycle.flowguardDraining === true;
}
