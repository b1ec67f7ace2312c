import type { Request, Response, Router } from 'express';
import { parseRole } from '../../auth/role.js';
import type { Config } from '../../config.js';
import { listApiTokens } from '../../db/repositories/api-tokens.js';
import { listAudit } from '../../db/repositories/audit-log.js';
import type { Store } from '../../db/create-db.js';
import { listUsers } from '../../db/repositories/users.js';
import {
  addUser,
  changeUser,
  issueApiToken,
  resetPassword,
  revokeToken,
  type UserChange,
} from '../../services/user-admin.js';
import { HttpError } from '../http-error.js';
import { requireRole } from '../auth/require-role.js';
import { parseLang } from '../i18n.js';
import { langLinkOf, pageLocals } from '../page-locals.js';
import { strictRouter } from '../strict-router.js';

const field = (req: Request, name: string): string => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.slice(0, 300) : '';
};

function idParam(req: Request, what: 'user' | 'token'): number {
  const raw = req.params.id;
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw))
    throw new HttpError(`${what}-not-found`, `No ${what === 'user' ? 'user' : 'API token'} "${String(raw)}".`);
  return Number(raw);
}

/** Back to the users page, in the language the form was sent from. */
const usersPage = (req: Request) => langLinkOf('/admin/users', parseLang(req.query.lang));

const by = (req: Request) => ({ actor: req.user!.name, ip: req.ip ?? null, userId: req.user!.id });

/** Admin pages: users (add, disable/enable, revoke tokens, new one-time password) and the audit log. */
export function adminRoutes(store: Store, config: Config, now: () => Date): Router {
  const router = strictRouter();
  // The access policy already demands admin under /admin; said again here, where it is read.
  router.use(requireRole('admin'));

  const renderUsers = async (
    req: Request,
    res: Response,
    extra: {
      created?: { name: string; password: string };
      createdToken?: { id: number; token: string; user: string };
    } = {},
  ) => {
    const locals = pageLocals(req, res);
    res.render('admin-users', {
      ...locals,
      title: locals.t('users'),
      users: await listUsers(store.db),
      tokens: await listApiTokens(store.db),
      created: extra.created ?? null,
      createdToken: extra.createdToken ?? null,
      error: null,
    });
  };

  router.get('/users', async (req, res) => renderUsers(req, res));

  router.post('/users', async (req, res) => {
    const { user, password } = await addUser(
      store.db,
      {
        name: field(req, 'name'),
        role: parseRole(field(req, 'role')),
        now: now(),
        oneTimePasswordMs: config.oneTimePasswordMs,
      },
      by(req),
    );
    // The one-time password is shown once, in this response only (no redirect that would need to carry it).
    res.status(201);
    await renderUsers(req, res, { created: { name: user.name, password } });
  });

  router.post('/users/:id/reset-password', async (req, res) => {
    const { user, password } = await resetPassword(
      store.db,
      { userId: idParam(req, 'user'), now: now(), oneTimePasswordMs: config.oneTimePasswordMs },
      by(req),
    );
    await renderUsers(req, res, { created: { name: user.name, password } });
  });

  const userAction = (change: UserChange) =>
    router.post(`/users/:id/${change}`, async (req, res) => {
      await changeUser(store.db, { userId: idParam(req, 'user'), change, now: now() }, by(req));
      res.redirect(303, usersPage(req));
    });
  userAction('disable');
  userAction('enable');
  userAction('revoke-tokens');

  router.post('/tokens', async (req, res) => {
    const label = field(req, 'label').trim() || 'api';
    const { id, token, user } = await issueApiToken(
      store.db,
      { userName: field(req, 'user'), label: label.slice(0, 100), now: now() },
      by(req),
    );
    // Shown once, in this response only, like a one-time password: only its hash is stored.
    res.status(201);
    await renderUsers(req, res, { createdToken: { id, token, user } });
  });

  router.post('/tokens/:id/revoke', async (req, res) => {
    await revokeToken(store.db, { tokenId: idParam(req, 'token'), now: now() }, by(req));
    res.redirect(303, usersPage(req));
  });

  router.get('/audit', async (req, res) => {
    const locals = pageLocals(req, res);
    const action =
      typeof req.query.action === 'string' && /^[a-z-]{1,40}$/.test(req.query.action) ? req.query.action : undefined;
    res.render('admin-audit', {
      ...locals,
      title: locals.t('audit'),
      events: await listAudit(store.db, { limit: 500, action }),
      action: action ?? '',
    });
  });

  return router;
}
