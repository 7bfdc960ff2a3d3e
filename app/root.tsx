import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import {
	Form,
	Link,
	Links,
	Meta,
	NavLink,
	Outlet,
	Scripts,
	ScrollRestoration,
	useLocation,
	useMatches,
	useRouteLoaderData,
	useSubmit,
} from '@remix-run/react'
import { type FormEvent, type ReactNode } from 'react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { navigationFor } from '~/domain/navigation'
import { loadDictionary } from '~/i18n/dictionaries'
import { type Locale } from './domain/enums'
import { hasDictionary, makeTranslate } from './i18n/translate'
import appStyles from './styles/app.css'
import { getOptionalUser } from './utils/auth.server'
import { useT } from './utils/i18n'
import { getLocale } from './utils/locale.server'
import { useNonce } from './utils/nonce-provider'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: appStyles },
	{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
	const [locale, user] = await Promise.all([getLocale(request), getOptionalUser(request)])
	return {
		locale,
		user: user
			? {
					name: user.name,
					email: user.email,
					grants: user.grants.map((g) => ({
						role: g.role,
						scopeKind: g.scopeKind,
						facilityName: g.facilityName,
						provinceName: g.provinceName,
					})),
				}
			: null,
		nav: user ? navigationFor(user.grants) : [],
	}
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>

// Pages without a title of their own (errors) carry the application's name in the reader's language.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: makeTranslate(data?.locale ?? 'vi')('app.name') }]

export function Layout({ children }: { children: ReactNode }) {
	const data = useRouteLoaderData<RootLoaderData>('root')
	const nonce = useNonce()
	const locale: Locale = data?.locale ?? 'vi'
	// Embedded widgets (iframes on provincial portals) carry no site header.
	const embedded = useMatches().some((m) => (m.handle as { embed?: boolean } | undefined)?.embed)
	return (
		<html lang={locale}>
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<Meta />
				<Links />
			</head>
			<body>
				{embedded ? null : (
					<>
						<a className="skip-link" href="#main">
							{makeTranslate(locale)('nav.skip')}
						</a>
						<Header data={data ?? null} />
					</>
				)}
				<main id="main" tabIndex={-1}>
					{children}
				</main>
				<ScrollRestoration nonce={nonce} />
				<Scripts nonce={nonce} />
			</body>
		</html>
	)
}

export default function App() {
	return <Outlet />
}

function Header({ data }: { data: RootLoaderData | null }) {
	const t = useT()
	const submit = useSubmit()
	// The other language's dictionary is fetched before the switch, so the page re-renders in it at once.
	const switchLanguage = (event: FormEvent<HTMLFormElement>) => {
		const target: Locale = data?.locale === 'en' ? 'vi' : 'en'
		if (hasDictionary(target)) return
		event.preventDefault()
		const form = event.currentTarget
		void loadDictionary(target).then(() => submit(form))
	}
	const location = useLocation()
	const here = location.pathname + location.search
	const user = data?.user ?? null
	return (
		<header className="site-header">
			<div className="site-header__inner">
				<Link to={user ? '/dashboard' : '/'} className="brand">
					<span className="brand__mark" aria-hidden="true">
						+
					</span>
					{t('app.name')}
				</Link>
				{/* Below 40rem the navigation folds into a menu that opens without JavaScript; on wider screens
				    app.css keeps the details' content shown and the summary hidden (docs/ARCHITECTURE.md). */}
				<details className="site-menu">
					<summary className="site-menu__toggle">{t('nav.menu')}</summary>
					<div className="site-menu__body">
						{data && data.nav.length > 0 ? (
							<nav aria-label={t('nav.main')} className="main-nav">
								<ul>
									{data.nav.map((item) => (
										<li key={item.to}>
											<NavLink to={item.to}>{t(`nav.${item.page}`)}</NavLink>
										</li>
									))}
								</ul>
							</nav>
						) : null}
						<div className="header-tools">
							<Link to="/portal" className="header-link">
								{t('nav.portal')}
							</Link>
							<Link to="/verify" className="header-link">
								{t('nav.verify')}
							</Link>
							<Form method="post" action="/lang" className="inline-form" onSubmit={switchLanguage}>
								<input type="hidden" name="locale" value={data?.locale === 'en' ? 'vi' : 'en'} />
								<input type="hidden" name="redirectTo" value={here} />
								<button
									type="submit"
									className="link-button"
									aria-label={t('nav.switchToLabel')}
									lang={data?.locale === 'en' ? 'vi' : 'en'}
								>
									{t('nav.switchTo')}
								</button>
							</Form>
							{user ? (
								<>
									<div className="user-badge" data-testid="user-badge">
										<Link to="/account" className="user-badge__name" title={t('nav.account')}>
											{user.name}
										</Link>
										{user.grants.map((g, i) => (
											<span key={i} className="user-badge__role">
												{t(`role.${g.role}`)} ·{' '}
												{g.scopeKind === 'national'
													? t('scope.national')
													: g.scopeKind === 'province'
														? t('scope.province', { name: g.provinceName ?? '' })
														: t('scope.facility', { name: g.facilityName ?? '' })}
											</span>
										))}
									</div>
									<Form method="post" action="/logout" className="inline-form">
										<button type="submit" className="button button--quiet">
											{t('nav.signOut')}
										</button>
									</Form>
								</>
							) : (
								<Link to="/login" className="button button--quiet">
									{t('nav.signIn')}
								</Link>
							)}
						</div>
					</div>
				</details>
			</div>
		</header>
	)
}

export const ErrorBoundary = GeneralErrorBoundary
