import { parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { FacilityForm } from '~/components/facility-form'
import { FacilitySchema } from '~/domain/registry'
import { facilityFormChoices } from '~/pages/facility-admin.server'
import { createFacility } from '~/services/facilities.server'
import { requirePermission } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePermission(request, 'facility:manage', { kind: 'own' })
	return { options: facilityFormChoices(getDb(), user.grants) }
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'facility:manage', { kind: 'own' })
	const submission = parseWithZod(await request.formData(), { schema: FacilitySchema })
	if (submission.status !== 'success') return data({ result: submission.reply(), duplicates: null }, { status: 400 })
	const result = createFacility(getDb(), submission.value, user)
	if (!result.ok) {
		if ('duplicates' in result)
			return data({ result: submission.reply({ formErrors: [result.code] }), duplicates: result.duplicates }, { status: result.status })
		const errors = result.field ? { fieldErrors: { [result.field]: [result.code] } } : { formErrors: [result.code] }
		return data({ result: submission.reply(errors), duplicates: null }, { status: result.status })
	}
	throw redirect(`/facilities/${result.id}?saved=created`)
}

export default function NewFacility() {
	const { options } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	return (
		<>
			<p>
				<Link to="/facilities">← {t('facilities.title')}</Link>
			</p>
			<h1>{t('registry.new')}</h1>
			<FacilityForm
				id="facility-new"
				options={options}
				lastResult={actionData?.result}
				submitLabel={t('registry.create')}
				duplicates={actionData?.duplicates}
			/>
		</>
	)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('registry.new'))
