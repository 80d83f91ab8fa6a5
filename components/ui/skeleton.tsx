/** A grey placeholder where content will appear; decorative, it pulses only when motion is welcome. */
export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden className={`rounded-md bg-raised motion-safe:animate-pulse ${className}`} />;
}
