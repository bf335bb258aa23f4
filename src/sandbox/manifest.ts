/**
 * What the sandbox page offers from manifest.json besides slash commands: the app's shortcuts (message
 * shortcuts on each message's "⋯" menu, global ones in the composer) and its workflow steps (`functions`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { findProjectRoot } from './files';
import type { SandboxShortcut, SandboxStep, SandboxStepParameter } from './protocol';

const parameter = z.looseObject({
  type: z.string(),
  title: z.string().optional(),
  description: z.string().default(''),
  hint: z.string().optional(),
  is_required: z.boolean().default(false),
  enum: z.array(z.string()).optional(),
  maxLength: z.number().int().positive().optional(),
});

const manifestSchema = z.looseObject({
  features: z.looseObject({
    shortcuts: z
      .array(
        z.looseObject({
          name: z.string(),
          type: z.enum(['message', 'global']),
          callback_id: z.string(),
          description: z.string().default(''),
        }),
      )
      .default([]),
  }),
  functions: z
    .record(
      z.string(),
      z.looseObject({
        title: z.string(),
        description: z.string().default(''),
        input_parameters: z.record(z.string(), parameter).default({}),
        output_parameters: z.record(z.string(), parameter).default({}),
      }),
    )
    .default({}),
});

export interface ManifestOffers {
  shortcuts: SandboxShortcut[];
  steps: SandboxStep[];
}

const parametersOf = (params: Record<string, z.infer<typeof parameter>>): SandboxStepParameter[] =>
  Object.entries(params).map(([name, p]) => ({
    name,
    type: p.type,
    title: p.title ?? name,
    description: p.description,
    ...(p.hint ? { hint: p.hint } : {}),
    isRequired: p.is_required,
    ...(p.enum ? { enum: p.enum } : {}),
    ...(p.maxLength ? { maxLength: p.maxLength } : {}),
  }));

export function loadManifestOffers(
  manifestPath = path.join(findProjectRoot(), 'manifest.json'),
): ManifestOffers {
  const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(manifestPath, 'utf8')));
  return {
    shortcuts: manifest.features.shortcuts.map((s) => ({
      type: s.type,
      callbackId: s.callback_id,
      name: s.name,
      description: s.description,
    })),
    steps: Object.entries(manifest.functions).map(([callbackId, f]) => ({
      callbackId,
      title: f.title,
      description: f.description,
      inputs: parametersOf(f.input_parameters),
      outputs: parametersOf(f.output_parameters),
    })),
  };
}

/**
 * The inputs a workflow passes a step, from what the page's form holds (text per parameter): numbers
 * as numbers, booleans as booleans, empty optional ones left out. Workflow Builder does not start a step
 * whose required inputs are empty, nor pass a value outside an `enum`: neither does the sandbox.
 */
export function stepInputs(
  step: SandboxStep,
  given: Readonly<Record<string, string>>,
): { ok: true; inputs: Record<string, string | number | boolean> } | { ok: false; error: string } {
  const inputs: Record<string, string | number | boolean> = {};
  for (const p of step.inputs) {
    const raw = (given[p.name] ?? '').trim();
    if (raw === '') {
      if (p.isRequired) return { ok: false, error: `“${p.title}” is required to run ${step.title}.` };
      continue;
    }
    if (p.enum && !p.enum.includes(raw))
      return { ok: false, error: `“${p.title}” must be one of ${p.enum.join(', ')}.` };
    if (p.type === 'number' || p.type === 'integer') {
      const n = Number(raw);
      if (!Number.isFinite(n) || (p.type === 'integer' && !Number.isInteger(n)))
        return {
          ok: false,
          error: `“${p.title}” must be ${p.type === 'integer' ? 'a whole number' : 'a number'}.`,
        };
      inputs[p.name] = n;
    } else if (p.type === 'boolean') {
      inputs[p.name] = raw === 'true';
    } else {
      inputs[p.name] = raw;
    }
  }
  return { ok: true, inputs };
}
