import { parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { CampaignForm } from '~/components/campaign-form'
import { CampaignSchema } from '~/domain/campaign'
import { campaignEditPage } from '~/pages/campaign-admin.server'
import { updateCampaign } from '~/services/campaigns.server'
import { parseId } from '~/utils/assessment.server'
import { requirePermission } from '~/utils/auth.server'
import { invariantResponse } from '~/utils/http.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'

/** A round's settings can change until it opens; after that, only its due date moves (on the round's page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePermission(request, 'campaign:manage', { kind: 'global' })
	const page = campaignEditPage(getDb(), parseId(params.campaignId))
	invariantResponse(page, 'Not found', { status: 404 })
	if (page.status !== 'draft') throw redirect(`/admin/campaigns/${page.id}`)
	return page
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

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t('campaign.edit'))
