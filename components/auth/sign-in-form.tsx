"use client";
import { useId, useState, type FormEvent } from "react";
import { authClient } from "./auth-client";

/** Email and password; on success a full page load of `next`, so every server-rendered part sees the session. */
export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const errorId = useId();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const { error: failed } = await authClient.signIn.email({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") });
    if (failed) {
      setPending(false);
      setError(failed.status === 429 ? (failed.message ?? "Too many sign-in attempts; wait a minute and try again.") : failed.status === 401 ? "That email and password do not match an account." : (failed.message ?? `Sign-in failed (${failed.status}).`));
      return;
    }
    window.location.assign(next);
  }

  const field = "mt-1 block w-full rounded-md border border-line bg-canvas px-3 py-2 text-fg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent";
  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-describedby={error ? errorId : undefined} noValidate>
      <div>
        <label htmlFor="email" className="text-sm font-medium text-fg">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required className={field} aria-invalid={error ? true : undefined} />
      </div>
      <div>
        <label htmlFor="password" className="text-sm font-medium text-fg">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={field} aria-invalid={error ? true : undefined} />
      </div>
      {error ? (
        <p id={errorId} role="alert" className="rounded-md border border-bad/40 bg-bad-soft px-3 py-2 text-sm text-fg">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="w-full rounded-md bg-accent px-4 py-2 font-medium text-on-accent disabled:opacity-60">
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
