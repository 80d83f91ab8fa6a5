import { Card } from "@/components/ui/card";
import type { Playbook } from "@/lib/metrics/definition-schema";

/** What to do when the metric moves: whom it belongs to, what to check in order, whom to call, where to read more. */
export function PlaybookCard({ metricName, owner, playbook }: { metricName: string; owner: string; playbook: Playbook | null }) {
  const contact = playbook?.contact;
  return (
    <Card as="section" id="playbook" aria-labelledby="playbook-heading" className="scroll-mt-24 p-5">
      <h2 id="playbook-heading" className="font-semibold">
        Playbook
      </h2>
      <p className="mt-1 text-sm text-muted">
        Owned by <span className="text-fg">{owner}</span>.
      </p>
      {playbook ? (
        <div className="mt-3 grid gap-5 text-sm md:grid-cols-[2fr_1fr]">
          <div>
            <h3 className="font-medium text-fg">If {metricName} moves, check</h3>
            <ol className="mt-1.5 list-decimal space-y-1 pl-5 text-fg marker:text-muted">
              {playbook.checks.map((check) => (
                <li key={check}>{check}</li>
              ))}
            </ol>
          </div>
          <div className="space-y-4">
            {contact ? (
              <div>
                <h3 className="font-medium text-fg">Whom to call</h3>
                <p className="mt-1.5 text-fg">{contact.name}</p>
                <ul className="mt-1 space-y-0.5">
                  {contact.email ? (
                    <li>
                      <span className="text-muted">Email </span>
                      <a href={`mailto:${contact.email}`} className="break-all text-accent underline">
                        {contact.email}
                      </a>
                    </li>
                  ) : null}
                  {contact.chat ? (
                    <li>
                      <span className="text-muted">Chat </span>
                      <span className="font-mono text-xs text-fg">{contact.chat}</span>
                    </li>
                  ) : null}
                  {contact.phone ? (
                    <li>
                      <span className="text-muted">Phone </span>
                      <a href={`tel:${contact.phone.replace(/[^+0-9]/g, "")}`} className="text-accent underline">
                        {contact.phone}
                      </a>
                    </li>
                  ) : null}
                </ul>
              </div>
            ) : null}
            {playbook.links.length ? (
              <div>
                <h3 className="font-medium text-fg">Read more</h3>
                <ul className="mt-1.5 space-y-1">
                  {playbook.links.map((link) => (
                    <li key={link.url}>
                      <a href={link.url} className="text-accent underline" rel="noreferrer" target="_blank">
                        {link.title}
                        <span className="sr-only"> (opens in a new tab)</span>
                        <span aria-hidden> ↗</span>
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </div>
        </div>
      ) : (
        <p className="mt-2 text-sm text-muted">
          No playbook yet: add <code className="font-mono">playbook</code> (checks, contact, links) to the metric&apos;s file to say what to do when it moves.
        </p>
      )}
    </Card>
  );
}
