// Runs once when the server starts: a deployment that is not safe to serve
// (production with DATABASE_URL but no TRIAD_AUTH_SECRET, or any invalid
// setting) stops here with the reason, instead of answering requests.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { refuseUnsafeStart } = await import("./lib/startup-check");
    await refuseUnsafeStart();
  }
}
