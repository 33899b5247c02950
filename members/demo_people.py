"""Names for the synthetic demo members: surnames and given names as they are used by each ethnic group."""

from __future__ import annotations

import random

# ethnicity name (as in fixtures/ethnicities.json) → (surnames, male middle+given, female middle+given)
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Thái": (
        ("Lương", "Lô", "Vi", "Lang", "Sầm", "Quang", "Hà", "Lữ", "Kha"),
        ("Văn Hùng", "Văn Khăm", "Văn Pọm", "Văn Thắng", "Văn Tiến", "Văn Xuân", "Văn Phong", "Thanh Bình",
         "Văn Piên", "Văn Chiến", "Đình Tuấn", "Văn Hợi"),
        ("Thị Hoa", "Thị Xoan", "Thị Lan", "Thị Pheng", "Thị Nhung", "Thị Thủy", "Thị Bún", "Thị Hương", "Thị Oanh"),
    ),
    "Kinh": (
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Hồ", "Phan", "Võ"),
        ("Văn Hải", "Đức Thành", "Minh Tuấn", "Văn Long", "Quang Huy", "Đình Nam", "Xuân Trường", "Văn Đạt"),
        ("Thị Hương", "Thị Mai", "Thị Hằng", "Thu Trang", "Thị Ngọc", "Thị Thanh", "Thị Dung"),
    ),
    "Khơ-mú": (
        ("Moong", "Cụt", "Kha", "Xồng", "Lô"),
        ("Văn Khăm", "Văn Pẳn", "Văn Thoong", "Văn Xiêng", "Văn Tình", "Văn Bun"),
        ("Thị Mỷ", "Thị Xoan", "Thị Pẻng", "Thị Ngân", "Thị Ón"),
    ),
    "Thổ": (
        ("Trương", "Đinh", "Hoàng", "Lê"),
        ("Văn Sơn", "Văn Lâm", "Công Hiệp", "Văn Thuận"),
        ("Thị Lài", "Thị Bích", "Thị Huệ"),
    ),
    "HMông": (
        ("Vừ", "Lầu", "Thào", "Giàng", "Sùng", "Mùa", "Lỳ", "Hờ"),
        ("Bá Tu", "Chống Lử", "Xuân Sùng", "Nhìa Dơ", "Bá Pó", "Chứ Sình", "Giống Xá", "Pà Vàng"),
        ("Y Dua", "Y Mai", "Thị Dế", "Y Say", "Thị Chá"),
    ),
    "Tày": (
        ("Nông", "Hoàng", "Bế", "Lục", "Đàm", "Hà", "Lương"),
        ("Văn Dền", "Văn Thái", "Đình Quân", "Văn Chiến", "Văn Pảo", "Đức Lương"),
        ("Thị Én", "Thị Vân", "Thị Phượng", "Thị Nguyệt", "Thị Thoa"),
    ),
    "Nùng": (
        ("Hoàng", "Lý", "Nông", "Vy", "Lương", "Chu"),
        ("Văn Sình", "Văn Páo", "Văn Cường", "A Sài", "Văn Khởi"),
        ("Thị Slao", "Thị Nga", "Thị Kiều", "Thị Mằn"),
    ),
    "Dao": (
        ("Triệu", "Bàn", "Lý", "Đặng"),
        ("Văn Sành", "Phúc Quẩy", "Tiến Vinh", "Văn Lìu"),
        ("Thị Mây", "Thị Tồn", "Thị Xiêm"),
    ),
}


def pick_ethnicity(rng: random.Random, mix: dict[str, int]) -> str:
    names, weights = zip(*mix.items(), strict=True)
    return rng.choices(names, weights=weights)[0]


def full_name(rng: random.Random, ethnicity: str, gender: str) -> str:
    surnames, male, female = NAMES[ethnicity]
    return f"{rng.choice(surnames)} {rng.choice(male if gender == 'M' else female)}"
