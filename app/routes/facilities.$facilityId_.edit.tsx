import { parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { getFacility } from '#db/queries/facilities'
import { FacilityForm } from '~/components/facility-form'
import { FormErrors } from '~/components/forms'
import { FacilitySchema } from '~/domain/registry'
import { facilityFormOptions } from '~/pages/facility-admin.server'
import { setFacilityActive, updateFacility } from '~/services/facilities.server'
import { parseId } from '~/utils/assessment.server'
import { facilityTarget, requirePermission } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const target = facilityTarget(parseId(params.facilityId))
	const user = await requirePermission(request, 'facility:manage', target)
	const row = getFacility(getDb(), target.facilityId)!
	return {
		facility: row.facility,
		basedOn: (row.facility.updatedAt ?? row.facility.createdAt).getTime(),
		options: facilityFormOptions(getDb(), user.grants),
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const target = facilityTarget(parseId(params.facilityId))
	const user = await requirePermission(request, 'facility:manage', target)
	const formData = await request.formData()
	const db = getDb()
	switch (formData.get('intent')) {
		case 'save': {
			const submission = parseWithZod(formData, { schema: FacilitySchema })
			if (submission.status !== 'success') return data({ result: submission.reply(), error: null }, { status: 400 })
			const result = updateFacility(db, target.facilityId, submission.value, user)
			if (!result.ok) {
				const errors = result.field ? { fieldErrors: { [result.field]: [result.code] } } : { formErrors: [result.code] }
				return data({ result: submission.reply(errors), error: null }, { status: result.status })
			}
			throw redirect(`/facilities/${target.facilityId}?saved=updated`)
		}
		case 'deactivate':
		case 'activate': {
			const result = setFacilityActive(db, target.facilityId, formData.get('intent') === 'activate', user)
			if (!result.ok) return data({ result: null, error: result.code }, { status: result.status })
			throw redirect(`/facilities/${target.facilityId}?saved=${formData.get('intent')}d`)
		}
		default:
			return data({ result: null, error: 'form.malformed' }, { status: 400 })
	}
}

export default function EditFacility() {
	const { facility, basedOn, options } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	return (
		<>
			<p>
				<Link to={`/facilities/${facility.id}`}>← {facility.name}</Link>
			</p>
			<h1>{t('registry.edit', { name: facility.name })}</h1>
			<FormErrors errors={actionData?.error ? [actionData.error] : null} />
			<FacilityForm
				id="facility-edit"
				options={options}
				defaultValue={facility}
				basedOn={basedOn}
				lastResult={actionData?.result}
				submitLabel={t('registry.save')}
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

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.facility.name ?? ''} · Hospital IT Readiness` }]
