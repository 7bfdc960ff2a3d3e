import { parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { FacilityForm } from '~/components/facility-form'
import { FormErrors } from '~/components/forms'
import { FacilitySchema } from '~/domain/registry'
import { facilityEditPage } from '~/pages/facility-admin.server'
import { setFacilityActive, updateFacility } from '~/services/facilities.server'
import { parseId } from '~/utils/assessment.server'
import { facilityTarget, requirePermission } from '~/utils/auth.server'
import { invariantResponse } from '~/utils/http.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const target = facilityTarget(parseId(params.facilityId))
	const user = await requirePermission(request, 'facility:manage', target)
	const page = facilityEditPage(getDb(), target.facilityId, user.grants)
	invariantResponse(page, 'Not found', { status: 404 })
	return page
}

/** The page's forms: save the record; deactivate or reactivate the facility. */
const schema = z.discriminatedUnion(
	'intent',
	[
		FacilitySchema.safeExtend({ intent: z.literal('save') }),
		z.object({ intent: z.literal('deactivate') }),
		z.object({ intent: z.literal('activate') }),
	],
	{ error: 'form.malformed' },
)

export async function action({ request, params }: ActionFunctionArgs) {
	const target = facilityTarget(parseId(params.facilityId))
	const user = await requirePermission(request, 'facility:manage', target)
	const submission = parseWithZod(await request.formData(), { schema })
	if (submission.status !== 'success') return data({ result: submission.reply(), duplicates: null }, { status: 400 })
	const db = getDb()
	switch (submission.value.intent) {
		case 'save': {
			const result = updateFacility(db, target.facilityId, submission.value, user)
			if (!result.ok) {
				if ('duplicates' in result)
					return data({ result: submission.reply({ formErrors: [result.code] }), duplicates: result.duplicates }, { status: result.status })
				const errors = result.field ? { fieldErrors: { [result.field]: [result.code] } } : { formErrors: [result.code] }
				return data({ result: submission.reply(errors), duplicates: null }, { status: result.status })
			}
			throw redirect(`/facilities/${target.facilityId}?saved=updated`)
		}
		case 'deactivate':
		case 'activate': {
			const { intent } = submission.value
			const result = setFacilityActive(db, target.facilityId, intent === 'activate', user)
			if (!result.ok) return data({ result: submission.reply({ formErrors: [result.code] }), duplicates: null }, { status: result.status })
			throw redirect(`/facilities/${target.facilityId}?saved=${intent}d`)
		}
	}
}

export default function EditFacility() {
	const { facility, basedOn, options } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	// The record form shows its own errors; a refused (de)activation shows above it.
	const saveReply = actionData?.result.initialValue?.intent === 'save'
	return (
		<>
			<p>
				<Link to={`/facilities/${facility.id}`}>← {facility.name}</Link>
			</p>
			<h1>{t('registry.edit', { name: facility.name })}</h1>
			{saveReply ? null : <FormErrors errors={actionData?.result.error?.[''] ?? actionData?.result.error?.intent} />}
			<FacilityForm
				id="facility-edit"
				options={options}
				defaultValue={facility}
				basedOn={basedOn}
				lastResult={saveReply ? actionData?.result : undefined}
				submitLabel={t('registry.save')}
				duplicates={saveReply ? actionData?.duplicates : null}
			/>
			<section className="card">
				<h2>{t(facility.active ? 'registry.deactivate.title' : 'registry.activate.title')}</h2>
				<p>{t(facility.active ? 'registry.deactivate.hint' : 'registry.activate.hint')}</p>
				<Form method="post">
					<input type="hidden" name="intent" value={facility.active ? 'deactivate' : 'activate'} />
					<button type="submit" className="button button--quiet">
						{t(facility.active ? 'registry.deactivate.button' : 'registry.activate.button')}
					</button>
				</Form>
			</section>
		</>
	)
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
	pageTitle(matches, (t) => `${data?.facility.name ?? ''} · ${t('facilities.title')}`)
