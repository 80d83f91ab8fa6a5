// The few-seconds cache of signed-in viewers: expiry, the session's own end,
// forgetting on changes, and a read that raced a change never being kept.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cachedViewer, forgetCachedViewers, rememberViewer, sessionCookieValue, VIEWER_CACHE_MS, viewerCacheGeneration } from "@/lib/auth/session-cache";
import { testViewer } from "../support/viewers";

const auth = {};
const otherAuth = {};
const analyst = testViewer("analyst");
const farFuture = new Date("2100-01-01T00:00:00Z");

describe("session cookie", () => {
  it("finds the session cookie among others, plain or __Secure-", () => {
    expect(sessionCookieValue("theme=dark; better-auth.session_token=abc.sig%3D; x=1")).toBe("abc.sig%3D");
    expect(sessionCookieValue("__Secure-better-auth.session_token=tok.sig")).toBe("tok.sig");
    expect(sessionCookieValue("theme=dark")).toBeNull();
    expect(sessionCookieValue("better-auth.session_token=")).toBeNull();
    expect(sessionCookieValue("")).toBeNull();
    expect(sessionCookieValue(null)).toBeNull();
    // A look-alike name is not the session cookie.
    expect(sessionCookieValue("xbetter-auth.session_token=evil")).toBeNull();
  });
});

describe("viewer cache", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-07T10:00:00Z"));
    forgetCachedViewers();
  });
  afterEach(() => vi.useRealTimers());

  it("keeps a viewer for VIEWER_CACHE_MS, per auth instance", () => {
    rememberViewer(auth, "c1", analyst, farFuture, viewerCacheGeneration());
    expect(cachedViewer(auth, "c1")).toEqual(analyst);
    expect(cachedViewer(otherAuth, "c1")).toBeUndefined();
    expect(cachedViewer(auth, "c2")).toBeUndefined();
    vi.setSystemTime(Date.now() + VIEWER_CACHE_MS - 1);
    expect(cachedViewer(auth, "c1")).toEqual(analyst);
    vi.setSystemTime(Date.now() + 1);
    expect(cachedViewer(auth, "c1")).toBeUndefined();
  });

  it("never past the session's own expiry", () => {
    rememberViewer(auth, "c1", analyst, new Date(Date.now() + 1_000), viewerCacheGeneration());
    vi.setSystemTime(Date.now() + 1_000);
    expect(cachedViewer(auth, "c1")).toBeUndefined();
  });

  it("forgets every viewer after a change", () => {
    rememberViewer(auth, "c1", analyst, farFuture, viewerCacheGeneration());
    rememberViewer(otherAuth, "c2", analyst, farFuture, viewerCacheGeneration());
    forgetCachedViewers();
    expect(cachedViewer(auth, "c1")).toBeUndefined();
    expect(cachedViewer(otherAuth, "c2")).toBeUndefined();
  });

  it("does not keep a read that started before a change (sign-out racing a request)", () => {
    const before = viewerCacheGeneration();
    forgetCachedViewers();
    rememberViewer(auth, "c1", analyst, farFuture, before);
    expect(cachedViewer(auth, "c1")).toBeUndefined();
  });
});
