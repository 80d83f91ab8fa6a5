// Imported by instrumentation.ts on the Node.js runtime only (process.exit is not an edge API).

/** Stops the server with the reason when its settings are unsafe or invalid (lib/env.ts). */
export async function refuseUnsafeStart(): Promise<void> {
  try {
    await import("@/lib/env");
  } catch (error) {
    console.error(`Triad refuses to start. ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
