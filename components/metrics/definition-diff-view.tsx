import type { DefinitionDiff, DiffLine } from "@/lib/metrics/definition-version-schema";

const KIND: Record<DiffLine["kind"], { sign: string; word: string; row: string }> = {
  added: { sign: "+", word: "added", row: "bg-ok-soft" },
  removed: { sign: "−", word: "removed", row: "bg-bad-soft" },
  context: { sign: "", word: "unchanged", row: "" },
  hunk: { sign: "", word: "", row: "bg-raised text-muted" },
  note: { sign: "", word: "note", row: "text-muted italic" },
};

/** A unified line diff; each changed line says added or removed in a sign and in words, not by colour alone. */
export function DefinitionDiffView({ diff }: { diff: DefinitionDiff }) {
  if (diff.lines.length === 0) {
    return <p className="text-muted text-sm">The two versions are identical as written.</p>;
  }
  return (
    <div className="space-y-2">
      <p className="text-muted text-sm">
        <span className="text-ok font-medium">+{diff.added}</span> line{diff.added === 1 ? "" : "s"}{" "}
        added, <span className="text-bad font-medium">−{diff.removed}</span> line
        {diff.removed === 1 ? "" : "s"} removed.
      </p>
      <div
        role="region"
        aria-label="Line diff"
        tabIndex={0}
        className="border-line relative overflow-x-auto rounded-md border"
      >
        <table className="w-full border-collapse font-mono text-xs">
          <caption className="sr-only">
            Changes from version {diff.from.id} to version {diff.to.id}, line by line
          </caption>
          <thead className="sr-only">
            <tr>
              <th scope="col">Line in {diff.from.id}</th>
              <th scope="col">Line in {diff.to.id}</th>
              <th scope="col">Change</th>
              <th scope="col">Text</th>
            </tr>
          </thead>
          <tbody>
            {diff.lines.map((line, i) => {
              const k = KIND[line.kind];
              return (
                <tr key={i} className={k.row}>
                  <td className="border-line text-muted w-10 border-r px-2 py-0.5 text-right tabular-nums select-none">
                    {line.fromLine ?? ""}
                  </td>
                  <td className="border-line text-muted w-10 border-r px-2 py-0.5 text-right tabular-nums select-none">
                    {line.toLine ?? ""}
                  </td>
                  <td className="w-6 px-1 py-0.5 text-center font-bold select-none">
                    <span aria-hidden>{k.sign}</span>
                    {k.word && line.kind !== "hunk" ? (
                      <span className="sr-only">{k.word}</span>
                    ) : null}
                  </td>
                  <td className="text-fg px-2 py-0.5 whitespace-pre">{line.text || " "}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <details className="text-sm">
        <summary className="text-accent cursor-pointer font-medium">As a patch</summary>
        <pre className="bg-raised text-fg mt-2 max-h-80 overflow-auto rounded-md p-3 font-mono text-xs">
          {diff.patch}
        </pre>
      </details>
    </div>
  );
}
