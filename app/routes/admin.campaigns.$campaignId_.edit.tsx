import { parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { campaignFormChoices, getCampaign } from '#db/queries/campaigns'
import { CampaignForm } from '~/components/campaign-form'
import { CampaignSchema, type CampaignScope } from '~/domain/campaign'
import { vnIsoDate } from '~/domain/dates'
import { updateCampaign } from '~/services/campaigns.server'
import { parseId } from '~/utils/assessment.server'
import { requirePermission } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'

/** A round's settings can change until it opens; after that, only its due date moves (on the round's page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'campaign:manage', { kind: 'global' })
	const db = getDb()
	const found = getCampaign(db, parseId(params.campaignId))
	if (!found) throw new Response('Not found', { status: 404 })
	if (found.campaign.status !== 'draft') throw redirect(`/admin/campaigns/${found.campaign.id}`)
	const c = found.campaign
	const scope = c.scope as CampaignScope
	return {
		id: c.id,
		title: c.title,
		defaultValue: {
			title: c.title,
			year: String(c.year),
			catalogVersionIds: found.catalogs.map((x) => String(x.id)),
			provinces: scope.provinces,
			types: scope.types,
			classes: scope.classes,
			managingBodies: scope.managingBodies,
			opensOn: vnIsoDate(c.opensAt),
			dueOn: vnIsoDate(c.dueAt),
			acceptsLate: c.acceptsLate,
			secondStage: c.secondStage,
		},
		...campaignFormChoices(db),
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requirePermission(request, 'campaign:manage', { kind: 'global' })
	const campaignId = parseId(params.campaignId)
	const submission = parseWithZod(await request.formData(), { schema: CampaignSchema })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const result = updateCampaign(getDb(), campaignId, submission.value, user.id)
	if (!result.ok) return data({ result: submission.reply({ formErrors: [result.code] }) }, { status: result.status })
	throw redirect(`/admin/campaigns/${campaignId}`)
}

export default function EditCampaign() {
	const { id, title, defaultValue, catalogs, provinces } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const t = useT()
	return (
		<>
			<p>
				<Link to={`/admin/campaigns/${id}`}>← {title}</Link>
			</p>
			<h1>{t('campaign.edit')}</h1>
			<CampaignForm
				id="campaign-edit"
				catalogs={catalogs}
				provinces={provinces}
				defaultValue={defaultValue}
				lastResult={actionData?.result}
				submitLabel={t('registry.save')}
			/>
		</>
	)
}

export const meta: MetaFunction = () => [{ title: 'Sửa đợt đánh giá · Hospital IT Readiness' }]
