import { describe, expect, it } from "vitest";
import { detectDelimiter } from "@/lib/import/csv-reader";
import { quoteIdent, sanitizeColumnNames, tableNameProblem } from "@/lib/import/identifiers";

describe("import identifiers", () => {
  it("accepts lower-case identifiers as table names and says why others fail", () => {
    expect(tableNameProblem("sales_2024")).toBeNull();
    expect(tableNameProblem("_staging")).toBeNull();
    expect(tableNameProblem("Sales")).toMatch(/not a valid table name/);
    expect(tableNameProblem("1sales")).toMatch(/not a valid table name/);
    expect(tableNameProblem('x"; DROP TABLE y; --')).toMatch(/not a valid table name/);
    expect(tableNameProblem("a".repeat(64))).toMatch(/longer than 63/);
    expect(tableNameProblem("pg_things")).toMatch(/reserves/);
  });

  it("quotes identifiers", () => expect(quoteIdent('a"b')).toBe('"a""b"'));

  it("sanitizes header cells into unique safe column names", () => {
    expect(
      sanitizeColumnNames([
        "Order ID",
        "Amount (€)",
        "Größe",
        "",
        "2024 total",
        "order_id",
        "select",
        "  ",
        "a".repeat(70),
      ]),
    ).toEqual([
      "order_id",
      "amount",
      "gro_e",
      "column_4",
      "c_2024_total",
      "order_id_2",
      "select",
      "column_8",
      "a".repeat(63),
    ]);
    for (const name of sanitizeColumnNames(["x!", "x?", "x#"]))
      expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
    expect(sanitizeColumnNames(["x!", "x?", "x#"])).toEqual(["x", "x_2", "x_3"]);
  });

  it("detects the delimiter from the header and the first lines", () => {
    expect(detectDelimiter("a,b,c\n1,2,3\n")).toBe(",");
    expect(detectDelimiter("a;b;c\n1;2,5;3\n4;5;6\n")).toBe(";");
    expect(detectDelimiter("a\tb\n1\t2\n")).toBe("\t");
    expect(detectDelimiter("a|b|c\n1|2|3\n")).toBe("|");
    expect(detectDelimiter('"x,y";b\n"1,2";3\n')).toBe(";");
    expect(detectDelimiter("\uFEFFname\nbob\n")).toBe(",");
  });
});
