/**
 * EJS with one layout: a page renders to `body`, then views/layout.ejs wraps it with the header, navigation and
 * flash messages. A page that stands alone (print views, error pages before sign-in) sets `layout: false` or
 * names another layout (`layout: 'print'`). Includes resolve from the views folder: include('partials/field').
 */
import ejs from 'ejs';
import path from 'node:path';
import { projectRoot } from '../runtime.ts';

export const viewsDir = path.join(projectRoot, 'views');

type Callback = (err: Error | null, html?: string) => void;

export function layoutEngine(file: string, opts: object, callback: Callback) {
  const options = opts as Record<string, unknown>;
  ejs.renderFile(file, options, (err, body) => {
    if (err) return callback(err);
    const layout = options.layout;
    if (layout === false) return callback(null, body);
    const layoutFile = path.join(viewsDir, 'layouts', `${typeof layout === 'string' ? layout : 'main'}.ejs`);
    ejs.renderFile(layoutFile, { ...options, body }, callback);
  });
}
