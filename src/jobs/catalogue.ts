// The scenarios jobs can be created from: the built-in ones, plus any a user file adds or
// replaces. Every definition is validated when the catalogue is built, so a bad file stops the
// emulator at start-up with the file and field named, never later when a job runs.

import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { scenarioDefinitionSchema, type ScenarioDefinition } from "./scenarioSchema.js";
import { BUILT_IN_SCENARIOS } from "./scenarios/index.js";

/** A scenario file or definition that cannot be used; the message names the file and field. */
export class ScenarioFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioFileError";
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => {
      if (typeof part === "number") return `[${part}]`;
      return index === 0 ? String(part) : `.${String(part)}`;
    })
    .join("");
}

function describeIssues(source: string, prefix: string, issues: z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => {
    const where = fieldPath([...(prefix ? [prefix] : []), ...issue.path]) || "(top level)";
    return `  ${where}: ${issue.message}`;
  });
  return `${source}: invalid scenario definition\n${lines.join("\n")}`;
}

interface FileDefinitions {
  definitions: unknown[];
  /** How the list is reached in the file, for field paths in error messages. */
  prefix: string;
}

function readDefinitions(path: string): FileDefinitions {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ScenarioFileError(`${path}: cannot read the file (${(error as Error).message})`);
  }

  const kind = extname(path).toLowerCase();
  let content: unknown;
  try {
    if (kind === ".json") content = JSON.parse(text);
    else if (kind === ".yaml" || kind === ".yml") content = parseYaml(text);
    else throw new Error("the file name must end in .json, .yaml or .yml");
  } catch (error) {
    throw new ScenarioFileError(`${path}: cannot parse the file: ${(error as Error).message}`);
  }

  if (Array.isArray(content)) return { definitions: content, prefix: "" };
  const scenarios = (content as { scenarios?: unknown } | null)?.scenarios;
  if (Array.isArray(scenarios)) return { definitions: scenarios, prefix: "scenarios" };
  throw new ScenarioFileError(
    `${path}: expected a list of scenario definitions, or an object with a "scenarios" list`,
  );
}

export class ScenarioCatalogue {
  private constructor(private readonly byName: ReadonlyMap<string, ScenarioDefinition>) {}

  static builtIn(): ScenarioCatalogue {
    return ScenarioCatalogue.empty().with(BUILT_IN_SCENARIOS, "built-in scenarios");
  }

  /** `base` (the built-ins by default) with the definitions of a JSON or YAML file. */
  static fromFile(
    path: string,
    base: ScenarioCatalogue = ScenarioCatalogue.builtIn(),
  ): ScenarioCatalogue {
    const { definitions, prefix } = readDefinitions(path);
    return base.with(definitions, path, prefix);
  }

  private static empty(): ScenarioCatalogue {
    return new ScenarioCatalogue(new Map());
  }

  /**
   * This catalogue plus `definitions`, which add scenarios or replace those of the same name.
   * `source` names where they came from in error messages.
   */
  with(definitions: readonly unknown[], source: string, prefix = "scenarios"): ScenarioCatalogue {
    const byName = new Map(this.byName);
    const seen = new Set<string>();
    definitions.forEach((raw, index) => {
      const parsed = scenarioDefinitionSchema.safeParse(raw);
      if (!parsed.success) {
        throw new ScenarioFileError(
          describeIssues(source, `${prefix}[${index}]`, parsed.error.issues),
        );
      }
      const key = parsed.data.name.toLowerCase();
      if (seen.has(key)) {
        throw new ScenarioFileError(
          `${source}: ${prefix}[${index}].name: '${parsed.data.name}' is defined twice`,
        );
      }
      seen.add(key);
      byName.set(key, parsed.data);
    });
    const catalogue = new ScenarioCatalogue(byName);
    catalogue.checkChildScenarios(source);
    return catalogue;
  }

  /** Looks a scenario up by its catalogue name, ignoring case. */
  get(name: string): ScenarioDefinition | undefined {
    return this.byName.get(name.toLowerCase());
  }

  names(): string[] {
    return [...this.byName.values()].map((definition) => definition.name);
  }

  list(): ScenarioDefinition[] {
    return [...this.byName.values()];
  }

  /** Group children must name known scenarios, and no scenario may end up spawning itself. */
  private checkChildScenarios(source: string): void {
    const childrenOf = (definition: ScenarioDefinition) =>
      definition.tasks.flatMap((task) => task.group?.children ?? []);

    for (const definition of this.byName.values()) {
      definition.tasks.forEach((task, taskIndex) => {
        task.group?.children.forEach((child, childIndex) => {
          if (this.get(child.scenario)) return;
          throw new ScenarioFileError(
            `${source}: scenario '${definition.name}', ` +
              `tasks[${taskIndex}].group.children[${childIndex}].scenario: ` +
              `unknown scenario '${child.scenario}'. Known scenarios: ${this.names().join(", ")}`,
          );
        });
      });
    }

    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (definition: ScenarioDefinition, trail: string[]): void => {
      const key = definition.name.toLowerCase();
      if (done.has(key)) return;
      if (visiting.has(key)) {
        const loop = [...trail, definition.name].join(" -> ");
        throw new ScenarioFileError(`${source}: scenarios spawn each other in a loop: ${loop}`);
      }
      visiting.add(key);
      for (const child of childrenOf(definition)) {
        const childDefinition = this.get(child.scenario);
        if (childDefinition) visit(childDefinition, [...trail, definition.name]);
      }
      visiting.delete(key);
      done.add(key);
    };
    for (const definition of this.byName.values()) visit(definition, []);
  }
}
