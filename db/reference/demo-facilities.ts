import { type FacilityClass, type FacilityType, type ManagingBody } from '../../app/domain/enums'

type Row = [province: string, name: string, type: FacilityType, cls: FacilityClass, body: ManagingBody, beds: number]

/**
 * Demo facilities: real hospital names, illustrative codes, grades and bed counts.
 * Codes follow the MOH pattern (2-digit province code + 3 digits) but are not the official codes.
 */
const ROWS: ReadonlyArray<Row> = [
	// Hà Nội
	['01', 'Bệnh viện Bạch Mai', 'general_hospital', 'special', 'moh', 3200],
	['01', 'Bệnh viện Hữu nghị Việt Đức', 'general_hospital', 'special', 'moh', 1500],
	['01', 'Bệnh viện K', 'specialty_hospital', 'special', 'moh', 2000],
	['01', 'Bệnh viện Nhi Trung ương', 'specialty_hospital', 'special', 'moh', 1500],
	['01', 'Bệnh viện E', 'general_hospital', 'special', 'moh', 1000],
	['01', 'Bệnh viện Y học cổ truyền Trung ương', 'traditional_medicine_hospital', 'I', 'moh', 500],
	['01', 'Bệnh viện Đa khoa Xanh Pôn', 'general_hospital', 'I', 'province', 800],
	['01', 'Bệnh viện Thanh Nhàn', 'general_hospital', 'I', 'province', 700],
	['01', 'Bệnh viện Đa khoa Đức Giang', 'general_hospital', 'I', 'province', 750],
	['01', 'Bệnh viện Tim Hà Nội', 'specialty_hospital', 'I', 'province', 400],
	['01', 'Bệnh viện Ung bướu Hà Nội', 'specialty_hospital', 'I', 'province', 600],
	['01', 'Trung tâm Y tế khu vực Sóc Sơn', 'district_health_centre', 'II', 'province', 300],
	['01', 'Trung tâm Y tế khu vực Ba Vì', 'district_health_centre', 'III', 'province', 250],
	['01', 'Bệnh viện Đa khoa Quốc tế Vinmec Times City', 'private_hospital', 'unclassified', 'private', 600],
	['01', 'Bệnh viện Đa khoa Hồng Ngọc', 'private_hospital', 'unclassified', 'private', 300],
	['01', 'Bệnh viện Đa khoa Tâm Anh Hà Nội', 'private_hospital', 'unclassified', 'private', 500],
	// Thành phố Hồ Chí Minh
	['79', 'Bệnh viện Chợ Rẫy', 'general_hospital', 'special', 'moh', 2700],
	['79', 'Bệnh viện Thống Nhất', 'general_hospital', 'I', 'moh', 1200],
	['79', 'Bệnh viện Nhân dân 115', 'general_hospital', 'I', 'province', 1600],
	['79', 'Bệnh viện Nhân dân Gia Định', 'general_hospital', 'I', 'province', 1500],
	['79', 'Bệnh viện Nhi Đồng 1', 'specialty_hospital', 'I', 'province', 1400],
	['79', 'Bệnh viện Từ Dũ', 'specialty_hospital', 'I', 'province', 1200],
	['79', 'Bệnh viện Ung Bướu Thành phố Hồ Chí Minh', 'specialty_hospital', 'I', 'province', 1500],
	['79', 'Bệnh viện Y học cổ truyền Thành phố Hồ Chí Minh', 'traditional_medicine_hospital', 'II', 'province', 200],
	['79', 'Trung tâm Y tế khu vực Củ Chi', 'district_health_centre', 'II', 'province', 300],
	['79', 'Bệnh viện FV', 'private_hospital', 'unclassified', 'private', 220],
	['79', 'Bệnh viện Hoàn Mỹ Sài Gòn', 'private_hospital', 'unclassified', 'private', 250],
	['79', 'Phòng khám Đa khoa Quốc tế Sài Gòn', 'polyclinic', 'unclassified', 'private', 0],
	// Đà Nẵng
	['48', 'Bệnh viện C Đà Nẵng', 'general_hospital', 'I', 'moh', 600],
	['48', 'Bệnh viện Đà Nẵng', 'general_hospital', 'I', 'province', 1400],
	['48', 'Bệnh viện Phụ sản - Nhi Đà Nẵng', 'specialty_hospital', 'I', 'province', 700],
	['48', 'Bệnh viện Ung bướu Đà Nẵng', 'specialty_hospital', 'II', 'province', 500],
	['48', 'Trung tâm Y tế khu vực Hòa Vang', 'district_health_centre', 'III', 'province', 150],
	['48', 'Bệnh viện Hoàn Mỹ Đà Nẵng', 'private_hospital', 'unclassified', 'private', 250],
	['48', 'Bệnh viện Đa khoa Tâm Trí Đà Nẵng', 'private_hospital', 'unclassified', 'private', 200],
	// Huế
	['46', 'Bệnh viện Trung ương Huế', 'general_hospital', 'special', 'moh', 3000],
	['46', 'Bệnh viện Trường Đại học Y - Dược Huế', 'general_hospital', 'I', 'other_ministry', 1000],
	['46', 'Bệnh viện Y học cổ truyền Huế', 'traditional_medicine_hospital', 'II', 'province', 150],
	['46', 'Trung tâm Y tế khu vực Phú Vang', 'district_health_centre', 'III', 'province', 140],
	// Cần Thơ
	['92', 'Bệnh viện Đa khoa Trung ương Cần Thơ', 'general_hospital', 'I', 'moh', 1000],
	['92', 'Bệnh viện Đa khoa thành phố Cần Thơ', 'general_hospital', 'I', 'province', 700],
	['92', 'Bệnh viện Nhi đồng thành phố Cần Thơ', 'specialty_hospital', 'II', 'province', 500],
	['92', 'Bệnh viện Ung bướu thành phố Cần Thơ', 'specialty_hospital', 'II', 'province', 400],
	['92', 'Trung tâm Y tế khu vực Phong Điền', 'district_health_centre', 'III', 'province', 120],
	// Nghệ An
	['40', 'Bệnh viện Hữu nghị Đa khoa Nghệ An', 'general_hospital', 'I', 'province', 1500],
	['40', 'Bệnh viện Sản Nhi Nghệ An', 'specialty_hospital', 'I', 'province', 1000],
	['40', 'Bệnh viện Ung bướu Nghệ An', 'specialty_hospital', 'I', 'province', 800],
	['40', 'Trung tâm Y tế khu vực Quỳnh Lưu', 'district_health_centre', 'II', 'province', 300],
	['40', 'Trung tâm Y tế khu vực Con Cuông', 'district_health_centre', 'III', 'province', 120],
	['40', 'Bệnh viện Đa khoa Quốc tế Vinh', 'private_hospital', 'unclassified', 'private', 300],
	// Thái Nguyên
	['19', 'Bệnh viện Trung ương Thái Nguyên', 'general_hospital', 'I', 'moh', 1400],
	['19', 'Bệnh viện A Thái Nguyên', 'general_hospital', 'II', 'province', 600],
	['19', 'Bệnh viện C Thái Nguyên', 'general_hospital', 'II', 'province', 500],
	['19', 'Trung tâm Y tế khu vực Đại Từ', 'district_health_centre', 'III', 'province', 200],
	// Quảng Ninh
	['22', 'Bệnh viện Đa khoa tỉnh Quảng Ninh', 'general_hospital', 'I', 'province', 1200],
	['22', 'Bệnh viện Bãi Cháy', 'general_hospital', 'I', 'province', 800],
	['22', 'Bệnh viện Việt Nam - Thụy Điển Uông Bí', 'general_hospital', 'I', 'province', 900],
	['22', 'Bệnh viện Sản Nhi Quảng Ninh', 'specialty_hospital', 'II', 'province', 500],
	['22', 'Trung tâm Y tế khu vực Vân Đồn', 'district_health_centre', 'III', 'province', 150],
	// Khánh Hòa
	['56', 'Bệnh viện Đa khoa tỉnh Khánh Hòa', 'general_hospital', 'I', 'province', 1200],
	['56', 'Bệnh viện Đa khoa Tâm Trí Nha Trang', 'private_hospital', 'unclassified', 'private', 250],
	['56', 'Trung tâm Y tế khu vực Cam Lâm', 'district_health_centre', 'III', 'province', 120],
	// Hải Phòng
	['31', 'Bệnh viện Hữu nghị Việt Tiệp', 'general_hospital', 'I', 'province', 1800],
	['31', 'Bệnh viện Trẻ em Hải Phòng', 'specialty_hospital', 'II', 'province', 600],
	['31', 'Trung tâm Y tế khu vực Thủy Nguyên', 'district_health_centre', 'II', 'province', 300],
]

export type DemoFacility = {
	code: string
	name: string
	provinceCode: string
	type: FacilityType
	class: FacilityClass
	managingBody: ManagingBody
	ownership: 'public' | 'private'
	bedCount: number
}

export const DEMO_FACILITIES: ReadonlyArray<DemoFacility> = (() => {
	const seq = new Map<string, number>()
	return ROWS.map(([provinceCode, name, type, cls, managingBody, bedCount]) => {
		const n = (seq.get(provinceCode) ?? 0) + 1
		seq.set(provinceCode, n)
		return {
			code: `${provinceCode}${String(n).padStart(3, '0')}`,
			name,
			provinceCode,
			type,
			class: cls,
			managingBody,
			ownership: managingBody === 'private' ? 'private' : 'public',
			bedCount,
		}
	})
})()
