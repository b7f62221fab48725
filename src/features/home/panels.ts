/**
 * The home page is a list of panels; each feature contributes the ones its users need (UI.md "Home page by
 * role"). A provider returns undefined when it has nothing for this user.
 */
import type { Actor } from '../../auth/actor.ts';
import type { AppContext } from '../../context.ts';

export interface HomePanel {
  key: string;
  title: string;
  /** Partial under views/, rendered with `panel.data`. */
  view: string;
  data: Record<string, unknown>;
  order: number;
}

export type PanelProvider = (ctx: AppContext, actor: Actor) => Promise<HomePanel | undefined>;

const providers: PanelProvider[] = [];

export function registerHomePanel(provider: PanelProvider) {
  providers.push(provider);
}

export async function panelsFor(ctx: AppContext, actor: Actor): Promise<HomePanel[]> {
  const panels = await Promise.all(providers.map((p) => p(ctx, actor)));
  return panels.filter((p): p is HomePanel => !!p).sort((a, b) => a.order - b.order);
}
