import type { Command } from 'commander';
import type { ModelPrice } from '../catalog/types.js';
import { UserError } from '../util/errors.js';
import type { Context } from './context.js';
import { withContext, formatOption } from './kit.js';
import { mediumOf, writeOut } from './output.js';

export interface CatalogListOptions {
  provider?: string;
}

/** Registers `llmcost catalog list` and `catalog show`; their code is imported only when they run. */
export function register(program: Command): void {
  const catalog = program.command('catalog').description('show the model price catalog (USD per 1M tokens, with source and date)');
  catalog
    .command('list')
    .description("list the catalog's models and their prices")
    .option('--provider <name>', 'only this provider (openai, anthropic, google, deepseek, mistral, xai, bedrock, ...)')
    .addOption(formatOption('catalogList'))
    .action(async (opts, cmd: Command) => {
      const { renderCatalogList } = await import('../report/catalog.js');
      writeOut(await withContext(cmd, (ctx) => renderCatalogList(catalogList(ctx, opts), ctx.catalog(), opts.format)), mediumOf(opts.format));
    });
  catalog
    .command('show')
    .description('show every price of one model, as the catalog resolves it (ids and explicit aliases, never substrings)')
    .argument('<model>', 'model id or alias, e.g. gpt-4o-2024-08-06 or anthropic.claude-sonnet-4-5-20250929-v1:0')
    .option('--provider <name>', 'the provider the model was called through (tried as "provider/model" first)')
    .addOption(formatOption('catalogModel'))
    .action(async (model: string, opts, cmd: Command) => {
      const { renderCatalogShow } = await import('../report/catalog.js');
      writeOut(await withContext(cmd, async (ctx) => renderCatalogShow(await catalogShow(ctx, model, opts.provider), opts.format)), mediumOf(opts.format));
    });
}

export function catalogList(ctx: Context, opts: CatalogListOptions): ModelPrice[] {
  const models = ctx.catalog().models;
  const p = opts.provider?.toLowerCase();
  return models.filter((m) => !p || m.provider.toLowerCase() === p).sort((a, b) => a.provider.localeCompare(b.provider) || a.id.localeCompare(b.id));
}

export async function catalogShow(ctx: Context, model: string, provider?: string): Promise<ModelPrice> {
  const { lookupKeys, resolveModel } = await import('../catalog/catalog.js');
  const hit = resolveModel(ctx.catalog(), model, provider);
  if (!hit) {
    throw new UserError(
      `Model "${model}" is not in the catalog (looked up as ${lookupKeys(model, provider)
        .map((k) => k.key)
        .join(', ')}): see llmcost catalog list, or add it under "prices" in the config.`,
    );
  }
  return hit;
}
