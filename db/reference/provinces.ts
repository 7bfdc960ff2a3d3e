import { type ProvinceKind } from '../../app/domain/enums'

/**
 * The 34 provincial-level units in force since 1 July 2025 (Resolution 202/2025/QH15):
 * 6 centrally-run cities and 28 provinces, with their administrative codes.
 */
export const PROVINCES: ReadonlyArray<{ code: string; nameVi: string; nameEn: string; slug: string; kind: ProvinceKind }> = [
	{ code: '01', nameVi: 'Thành phố Hà Nội', nameEn: 'Ha Noi City', slug: 'ha-noi', kind: 'city' },
	{ code: '04', nameVi: 'Tỉnh Cao Bằng', nameEn: 'Cao Bang Province', slug: 'cao-bang', kind: 'province' },
	{ code: '08', nameVi: 'Tỉnh Tuyên Quang', nameEn: 'Tuyen Quang Province', slug: 'tuyen-quang', kind: 'province' },
	{ code: '11', nameVi: 'Tỉnh Điện Biên', nameEn: 'Dien Bien Province', slug: 'dien-bien', kind: 'province' },
	{ code: '12', nameVi: 'Tỉnh Lai Châu', nameEn: 'Lai Chau Province', slug: 'lai-chau', kind: 'province' },
	{ code: '14', nameVi: 'Tỉnh Sơn La', nameEn: 'Son La Province', slug: 'son-la', kind: 'province' },
	{ code: '15', nameVi: 'Tỉnh Lào Cai', nameEn: 'Lao Cai Province', slug: 'lao-cai', kind: 'province' },
	{ code: '19', nameVi: 'Tỉnh Thái Nguyên', nameEn: 'Thai Nguyen Province', slug: 'thai-nguyen', kind: 'province' },
	{ code: '20', nameVi: 'Tỉnh Lạng Sơn', nameEn: 'Lang Son Province', slug: 'lang-son', kind: 'province' },
	{ code: '22', nameVi: 'Tỉnh Quảng Ninh', nameEn: 'Quang Ninh Province', slug: 'quang-ninh', kind: 'province' },
	{ code: '24', nameVi: 'Tỉnh Bắc Ninh', nameEn: 'Bac Ninh Province', slug: 'bac-ninh', kind: 'province' },
	{ code: '25', nameVi: 'Tỉnh Phú Thọ', nameEn: 'Phu Tho Province', slug: 'phu-tho', kind: 'province' },
	{ code: '31', nameVi: 'Thành phố Hải Phòng', nameEn: 'Hai Phong City', slug: 'hai-phong', kind: 'city' },
	{ code: '33', nameVi: 'Tỉnh Hưng Yên', nameEn: 'Hung Yen Province', slug: 'hung-yen', kind: 'province' },
	{ code: '37', nameVi: 'Tỉnh Ninh Bình', nameEn: 'Ninh Binh Province', slug: 'ninh-binh', kind: 'province' },
	{ code: '38', nameVi: 'Tỉnh Thanh Hóa', nameEn: 'Thanh Hoa Province', slug: 'thanh-hoa', kind: 'province' },
	{ code: '40', nameVi: 'Tỉnh Nghệ An', nameEn: 'Nghe An Province', slug: 'nghe-an', kind: 'province' },
	{ code: '42', nameVi: 'Tỉnh Hà Tĩnh', nameEn: 'Ha Tinh Province', slug: 'ha-tinh', kind: 'province' },
	{ code: '44', nameVi: 'Tỉnh Quảng Trị', nameEn: 'Quang Tri Province', slug: 'quang-tri', kind: 'province' },
	{ code: '46', nameVi: 'Thành phố Huế', nameEn: 'Hue City', slug: 'hue', kind: 'city' },
	{ code: '48', nameVi: 'Thành phố Đà Nẵng', nameEn: 'Da Nang City', slug: 'da-nang', kind: 'city' },
	{ code: '51', nameVi: 'Tỉnh Quảng Ngãi', nameEn: 'Quang Ngai Province', slug: 'quang-ngai', kind: 'province' },
	{ code: '52', nameVi: 'Tỉnh Gia Lai', nameEn: 'Gia Lai Province', slug: 'gia-lai', kind: 'province' },
	{ code: '56', nameVi: 'Tỉnh Khánh Hòa', nameEn: 'Khanh Hoa Province', slug: 'khanh-hoa', kind: 'province' },
	{ code: '66', nameVi: 'Tỉnh Đắk Lắk', nameEn: 'Dak Lak Province', slug: 'dak-lak', kind: 'province' },
	{ code: '68', nameVi: 'Tỉnh Lâm Đồng', nameEn: 'Lam Dong Province', slug: 'lam-dong', kind: 'province' },
	{ code: '75', nameVi: 'Tỉnh Đồng Nai', nameEn: 'Dong Nai Province', slug: 'dong-nai', kind: 'province' },
	{ code: '79', nameVi: 'Thành phố Hồ Chí Minh', nameEn: 'Ho Chi Minh City', slug: 'ho-chi-minh', kind: 'city' },
	{ code: '80', nameVi: 'Tỉnh Tây Ninh', nameEn: 'Tay Ninh Province', slug: 'tay-ninh', kind: 'province' },
	{ code: '82', nameVi: 'Tỉnh Đồng Tháp', nameEn: 'Dong Thap Province', slug: 'dong-thap', kind: 'province' },
	{ code: '86', nameVi: 'Tỉnh Vĩnh Long', nameEn: 'Vinh Long Province', slug: 'vinh-long', kind: 'province' },
	{ code: '91', nameVi: 'Tỉnh An Giang', nameEn: 'An Giang Province', slug: 'an-giang', kind: 'province' },
	{ code: '92', nameVi: 'Thành phố Cần Thơ', nameEn: 'Can Tho City', slug: 'can-tho', kind: 'city' },
	{ code: '96', nameVi: 'Tỉnh Cà Mau', nameEn: 'Ca Mau Province', slug: 'ca-mau', kind: 'province' },
]
