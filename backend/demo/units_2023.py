"""The city's unit tree as it stood in 2023: three blocks, 22 districts, wards of two of them."""

CITY = ("TPHCM", "Thành phố Hồ Chí Minh", "", "", "Tỉnh, thành phố", 0, "")

DISTRICTS_BLOCK = "Khối Quận, huyện và TP Thủ Đức"
PARTY_BLOCK = "Khối Đảng ủy cấp trên cơ sở"
FRONT_BLOCK = "Khối Mặt trận Tổ quốc và các đoàn thể"

# code, name, kind, headcount, cluster
DISTRICTS = [
    ("TD", "Thành phố Thủ Đức", "Thành phố thuộc TP", 6850, "Cụm 1"),
    ("Q1", "Quận 1", "Quận", 2460, "Cụm 1"),
    ("Q3", "Quận 3", "Quận", 2180, "Cụm 1"),
    ("Q4", "Quận 4", "Quận", 1520, "Cụm 2"),
    ("Q5", "Quận 5", "Quận", 1790, "Cụm 1"),
    ("Q6", "Quận 6", "Quận", 1840, "Cụm 2"),
    ("Q7", "Quận 7", "Quận", 1960, "Cụm 2"),
    ("Q8", "Quận 8", "Quận", 2230, "Cụm 2"),
    ("Q10", "Quận 10", "Quận", 1880, "Cụm 1"),
    ("Q11", "Quận 11", "Quận", 1710, "Cụm 2"),
    ("Q12", "Quận 12", "Quận", 2540, "Cụm 3"),
    ("BTAN", "Quận Bình Tân", "Quận", 2870, "Cụm 2"),
    ("BTHANH", "Quận Bình Thạnh", "Quận", 2690, "Cụm 3"),
    ("GV", "Quận Gò Vấp", "Quận", 2610, "Cụm 3"),
    ("PN", "Quận Phú Nhuận", "Quận", 1450, "Cụm 3"),
    ("TB", "Quận Tân Bình", "Quận", 2390, "Cụm 1"),
    ("TPHU", "Quận Tân Phú", "Quận", 2120, "Cụm 3"),
    ("BC", "Huyện Bình Chánh", "Huyện", 3150, "Cụm 4"),
    ("CG", "Huyện Cần Giờ", "Huyện", 1180, "Cụm 4"),
    ("CC", "Huyện Củ Chi", "Huyện", 3320, "Cụm 4"),
    ("HM", "Huyện Hóc Môn", "Huyện", 2480, "Cụm 4"),
    ("NB", "Huyện Nhà Bè", "Huyện", 1340, "Cụm 4"),
]

PARTY_COMMITTEES = [
    ("DU-DCD", "Đảng ủy Khối Dân - Chính - Đảng", 7420),
    ("DU-DN", "Đảng ủy Khối Doanh nghiệp", 8960),
    ("DU-DHCD", "Đảng ủy Khối Đại học - Cao đẳng", 6130),
    ("DU-TW", "Đảng ủy Khối các cơ quan Trung ương tại TP", 4870),
    ("DU-KCX", "Đảng ủy Ban Quản lý các Khu chế xuất và Công nghiệp", 2240),
]

FRONT_ORGANISATIONS = [
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam TP", 420),
    ("LDLD", "Liên đoàn Lao động TP", 1350),
    ("TDOAN", "Thành Đoàn", 980),
    ("HLHPN", "Hội Liên hiệp Phụ nữ TP", 760),
    ("HND", "Hội Nông dân TP", 540),
    ("HCCB", "Hội Cựu chiến binh TP", 610),
]

WARDS = {
    "Q1": [
        ("Bến Nghé", 132), ("Bến Thành", 141), ("Cô Giang", 96), ("Cầu Kho", 104),
        ("Cầu Ông Lãnh", 98), ("Đa Kao", 117), ("Nguyễn Cư Trinh", 121),
        ("Nguyễn Thái Bình", 109), ("Phạm Ngũ Lão", 126), ("Tân Định", 138),
    ],
    "Q3": [
        ("Phường 1", 88), ("Phường 2", 91), ("Phường 3", 85), ("Phường 4", 97),
        ("Phường 5", 102), ("Phường 9", 94), ("Phường 10", 89), ("Phường 11", 99),
        ("Phường 12", 93), ("Phường 13", 87), ("Phường 14", 106), ("Võ Thị Sáu", 148),
    ],
}


def unit_rows() -> list[tuple]:
    """(code, name, parent code, block, kind, headcount, cluster), parents first."""
    rows = [CITY]
    rows += [(c, n, "TPHCM", DISTRICTS_BLOCK, k, h, cl) for c, n, k, h, cl in DISTRICTS]
    rows += [(c, n, "TPHCM", PARTY_BLOCK, "Đảng ủy cấp trên cơ sở", h, "")
             for c, n, h in PARTY_COMMITTEES]
    rows += [(c, n, "TPHCM", FRONT_BLOCK, "Đoàn thể", h, "") for c, n, h in FRONT_ORGANISATIONS]
    for district, wards in WARDS.items():
        for index, (name, headcount) in enumerate(wards, start=1):
            full = name if name.startswith("Phường") else f"Phường {name}"
            rows.append((f"{district}-P{index:02d}", full, district, "", "Phường", headcount, ""))
    return rows
