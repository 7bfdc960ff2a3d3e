/** A column of an open-data table, described in both languages (the data dictionary). */
export type Column = { name: string; description: { vi: string; en: string }; type: 'string' | 'integer' | 'number' | 'boolean' | 'date' }

/** The data dictionary: every column of every open-data table, in both languages. */
export const FACILITY_COLUMNS: ReadonlyArray<Column> = [
	{ name: 'facility_code', type: 'string', description: { vi: 'Mã cơ sở khám bệnh, chữa bệnh', en: 'Health facility code' } },
	{ name: 'facility_name', type: 'string', description: { vi: 'Tên cơ sở', en: 'Facility name' } },
	{
		name: 'province_code',
		type: 'string',
		description: { vi: 'Mã tỉnh/thành phố (từ 01/07/2025)', en: 'Province code (since 1 July 2025)' },
	},
	{ name: 'facility_type', type: 'string', description: { vi: 'Loại hình cơ sở', en: 'Facility type' } },
	{ name: 'facility_class', type: 'string', description: { vi: 'Hạng bệnh viện', en: 'Hospital grade' } },
	{ name: 'managing_body', type: 'string', description: { vi: 'Cơ quan chủ quản', en: 'Managing body' } },
	{ name: 'bed_count', type: 'integer', description: { vi: 'Số giường bệnh', en: 'Beds' } },
	{ name: 'campaign_id', type: 'integer', description: { vi: 'Mã đợt đánh giá', en: 'Assessment round id' } },
	{ name: 'catalog_code', type: 'string', description: { vi: 'Mã bộ tiêu chí', en: 'Catalog code' } },
	{
		name: 'level',
		type: 'string',
		description: {
			vi: 'Mức đạt được sau thẩm định (mã); trống nếu chưa đạt mức nào',
			en: 'Verified level reached (code); empty when none',
		},
	},
	{ name: 'level_title', type: 'string', description: { vi: 'Tên mức', en: 'Level title' } },
	{
		name: 'percent_met',
		type: 'number',
		description: { vi: 'Tỷ lệ tiêu chí đạt (có trọng số), %', en: 'Weighted share of criteria met, %' },
	},
	{ name: 'provisional', type: 'boolean', description: { vi: 'Quy tắc xếp mức còn tạm thời', en: 'The level rules are provisional' } },
]

/** The indicators (docs/STATISTICS.md), one row per indicator. */
export const STATISTIC_COLUMNS: ReadonlyArray<Column> = [
	{ name: 'statistic', type: 'string', description: { vi: 'Mã chỉ tiêu', en: 'Indicator id' } },
	{ name: 'label', type: 'string', description: { vi: 'Tên chỉ tiêu', en: 'Indicator (Vietnamese)' } },
	{ name: 'label_en', type: 'string', description: { vi: 'Tên chỉ tiêu (tiếng Anh)', en: 'Indicator' } },
	{
		name: 'kind',
		type: 'string',
		description: {
			vi: 'share: X cơ sở trên Y; ratio: tổng tử số / tổng mẫu số (có trọng số); sum: tổng số',
			en: 'share: X facilities of Y; ratio: Σ numerator / Σ denominator (weighted); sum: a total',
		},
	},
	{
		name: 'population',
		type: 'string',
		description: {
			vi: 'Mẫu số: answered (cơ sở đã báo cáo có trả lời), applicable (cơ sở thuộc diện áp dụng), registered (mọi cơ sở đã đăng ký trong phạm vi đợt)',
			en: 'Denominator: answered (reporting facilities that answered), applicable (those to which it applies), registered (every registered facility in the round’s scope)',
		},
	},
	{ name: 'numerator', type: 'number', description: { vi: 'Tử số (X)', en: 'Numerator (X)' } },
	{ name: 'denominator', type: 'number', description: { vi: 'Mẫu số (Y); trống với tổng số', en: 'Denominator (Y); empty for a total' } },
	{
		name: 'percent',
		type: 'number',
		description: { vi: 'X/Y, %, làm tròn một chữ số thập phân', en: 'X/Y, %, rounded to one decimal' },
	},
	{ name: 'reported', type: 'integer', description: { vi: 'Số cơ sở đã công bố kết quả', en: 'Facilities reported (published)' } },
	{
		name: 'registered',
		type: 'integer',
		description: { vi: 'Số cơ sở đã đăng ký trong phạm vi đợt', en: 'Registered facilities in the round’s scope' },
	},
]

export const PROVINCE_COLUMNS: ReadonlyArray<Column> = [
	{ name: 'province_code', type: 'string', description: { vi: 'Mã tỉnh/thành phố', en: 'Province code' } },
	{ name: 'province_name', type: 'string', description: { vi: 'Tên tỉnh/thành phố', en: 'Province' } },
	{ name: 'facilities_published', type: 'integer', description: { vi: 'Số cơ sở đã công bố', en: 'Facilities published' } },
	{
		name: 'facilities_registered',
		type: 'integer',
		description: { vi: 'Số cơ sở đã đăng ký trong phạm vi đợt', en: 'Registered facilities in the round’s scope' },
	},
	{ name: 'statistic', type: 'string', description: { vi: 'Mã chỉ tiêu', en: 'Statistic id' } },
	{ name: 'numerator', type: 'integer', description: { vi: 'X', en: 'X' } },
	{ name: 'denominator', type: 'integer', description: { vi: 'Y', en: 'Y' } },
	{ name: 'percent', type: 'number', description: { vi: 'X/Y, %', en: 'X/Y, %' } },
]

/** The indicators across rounds (/api/v1/trends): the round, then the indicator's columns. */
export const TREND_COLUMNS: ReadonlyArray<Column> = [
	{ name: 'campaign_id', type: 'integer', description: { vi: 'Mã đợt đánh giá', en: 'Assessment round id' } },
	{ name: 'campaign_title', type: 'string', description: { vi: 'Tên đợt đánh giá', en: 'Assessment round' } },
	{ name: 'year', type: 'integer', description: { vi: 'Năm', en: 'Year' } },
	...STATISTIC_COLUMNS,
]
