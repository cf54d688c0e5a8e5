#!/usr/bin/env python3
"""Generate the bundled example's monitoring data (fictional college, fictional people).

    python3 tools/gen_monitoring_example.py          # writes data/ and tests/fixtures/monitoring-broken/

Deterministic (fixed seed). The example's as_of is 15.12.2023 (academic year 2023-2024).
Cohort 2022 is written as Excel does by default in Russia: Windows-1251, ';', CRLF.
Cohort 2023 is UTF-8 with BOM ("CSV UTF-8" in Excel). The data exercise every rule of
domain.md 1-10 with warnings; inputs that are errors (unreadable or contradictory figures) go to
tests/fixtures/monitoring-broken/ so the example itself still builds.
"""
import os
import random
from datetime import date, timedelta

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
rnd = random.Random(2023)

SPECIALTIES = [
    ("09.02.07", "Информационные системы и программирование", "ИС",
     ["Программист", "Техник-программист", "Разработчик веб и мультимедийных приложений",
      "Специалист по тестированию в области информационных технологий", "Системный администратор",
      "Администратор баз данных"]),
    ("15.01.05", "Сварщик (ручной и частично механизированной сварки (наплавки))", "СВ",
     ["Сварщик", "Электрогазосварщик", "Электросварщик ручной сварки", "Газосварщик"]),
    ("15.02.08", "Технология машиностроения", "ТМ",
     ["Техник-технолог", "Технолог", "Оператор станков с программным управлением", "Токарь",
      "Фрезеровщик", "Контролер станочных и слесарных работ"]),
    ("23.02.07", "Техническое обслуживание и ремонт двигателей, систем и агрегатов автомобилей", "АТ",
     ["Слесарь по ремонту автомобилей", "Автомеханик", "Мастер-приемщик", "Диагност", "Техник"]),
    ("38.02.01", "Экономика и бухгалтерский учет (по отраслям)", "ЭБ",
     ["Бухгалтер", "Кассир", "Экономист", "Специалист по учету"]),
    ("43.02.15", "Поварское и кондитерское дело", "ПК",
     ["Повар", "Кондитер", "Пекарь", "Су-шеф"]),
]

# name, INN, ОПК, specialty codes it hires for
ENTERPRISES = [
    ("АО «Волжский машиностроительный завод»", "6312001018", True, ["15.01.05", "15.02.08", "09.02.07", "38.02.01"]),
    ("АО «Приволжское приборостроительное объединение»", "6320002022", True, ["15.02.08", "09.02.07", "15.01.05"]),
    ("ООО «СамараТехСервис»", "6315000033", False, ["15.01.05", "15.02.08", "23.02.07"]),
    ("ООО «Цифровые решения»", "6316000044", False, ["09.02.07"]),
    ("ООО «Автоцентр Волга»", "6317000055", False, ["23.02.07", "38.02.01"]),
    ("ООО «Вкусный двор»", "6318000066", False, ["43.02.15", "38.02.01"]),
    ("ПАО «Приволжская энергия»", "6319000077", False, ["38.02.01", "09.02.07", "15.01.05"]),
    ("ГБУЗ «Городская больница № 3» (пищеблок)", "6320000088", False, ["43.02.15"]),
]
TARGET_ENTERPRISES = ENTERPRISES[:2]
UNIVERSITIES = ["ФГБОУ ВО «Самарский государственный технический университет»",
                "ФГАОУ ВО «Самарский университет»", "ФГБОУ ВО «Самарский государственный экономический университет»"]

MALE_FIRST = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл",
              "Михаил", "Никита", "Матвей", "Роман", "Егор", "Арсений", "Иван", "Денис", "Евгений", "Тимофей", "Владислав"]
FEMALE_FIRST = ["Анастасия", "Мария", "Анна", "Виктория", "Екатерина", "Наталья", "Марина", "Полина",
                "Дарья", "Алина", "Ксения", "Елизавета", "Юлия", "Валерия", "Софья", "Ольга"]
SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
            "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
            "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв",
            "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров"]
FATHERS = ["Александр", "Дмитрий", "Сергей", "Андрей", "Алексей", "Михаил", "Николай", "Владимир", "Игорь", "Олег",
           "Виктор", "Юрий", "Павел", "Евгений", "Василий"]


# Father's name -> (male, female) patronymic, as Russian has them (not a suffix glued on).
PATRONYMICS = {
    "Александр": ("Александрович", "Александровна"), "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Сергей": ("Сергеевич", "Сергеевна"), "Андрей": ("Андреевич", "Андреевна"),
    "Алексей": ("Алексеевич", "Алексеевна"), "Михаил": ("Михайлович", "Михайловна"),
    "Николай": ("Николаевич", "Николаевна"), "Владимир": ("Владимирович", "Владимировна"),
    "Игорь": ("Игоревич", "Игоревна"), "Олег": ("Олегович", "Олеговна"),
    "Виктор": ("Викторович", "Викторовна"), "Юрий": ("Юрьевич", "Юрьевна"),
    "Павел": ("Павлович", "Павловна"), "Евгений": ("Евгеньевич", "Евгеньевна"),
    "Василий": ("Васильевич", "Васильевна"),
}
assert set(PATRONYMICS) == set(FATHERS)


def patronymic(father, male):
    return PATRONYMICS[father][0 if male else 1]


def fio(male):
    s = rnd.choice(SURNAMES)
    if not male:
        s = s + "а"
    first = rnd.choice(MALE_FIRST if male else FEMALE_FIRST)
    return f"{s} {first} {patronymic(rnd.choice(FATHERS), male)}"


def ru(d):
    return d.strftime("%d.%m.%Y")


def rand_date(a, b):
    return a + timedelta(days=rnd.randint(0, (b - a).days))


class G:
    """One graduate and their track rows."""

    def __init__(self, year, n, spec, group):
        self.id = f"{year}-{n:03d}"
        self.male = rnd.random() < (0.85 if spec[0] in ("15.01.05", "15.02.08", "23.02.07") else 0.35)
        self.name = fio(self.male)
        self.spec = spec
        self.group = group
        self.ovz = rnd.random() < 0.04
        self.disabled = self.ovz and rnd.random() < 0.5
        self.target = ""
        self.dual = rnd.random() < 0.15
        self.rows = []

    def add(self, d, kind, channel, ent=None, position="", doc=""):
        name, inn, opk = (ent[0], ent[1], "да" if ent[2] else "нет") if ent else ("", "", "")
        self.rows.append([self.id, ru(d), kind, channel, name, inn, opk, position, doc])


def employer_for(g):
    if g.target:
        return next(e for e in ENTERPRISES if e[0] == g.target)
    fits = [e for e in ENTERPRISES if g.spec[0] in e[3]]
    return rnd.choice(fits)


def position_for(g):
    p = rnd.choice(g.spec[3])
    if g.spec[0] in ("15.01.05", "15.02.08") and p in ("Сварщик", "Электрогазосварщик", "Токарь", "Фрезеровщик") and rnd.random() < 0.5:
        p += f" {rnd.randint(2, 4)} разряда"
    return p


def cohort(year):
    grads = []
    n = 0
    for spec in SPECIALTIES:
        size = rnd.randint(22, 28)
        group = f"{spec[2]}-{str(year)[2:]}{rnd.randint(1, 2)}"
        for _ in range(size):
            n += 1
            grads.append(G(year, n, spec, group))
    # targeted training: ~8 %, at the two defence enterprises, for specialties they hire
    for g in grads:
        fits = [e for e in TARGET_ENTERPRISES if g.spec[0] in e[3]]
        if fits and rnd.random() < 0.14:
            g.target = rnd.choice(fits)[0]
    # one disabled graduate not counted as ОВЗ (row 04)
    nd = next(g for g in grads if not g.ovz)
    nd.disabled = True
    return grads


def normal_track(g, year, as_of):
    """A plausible track: forecast in June, actual from July, later changes."""
    june = date(year, 6, 1)
    fdate = rand_date(date(year, 6, 15), date(year, 6, 28))
    r = rnd.random()
    if g.male and not g.ovz and not g.disabled and r < 0.18:
        outcome = "Призыв в ВС РФ"
    elif r < 0.30:
        outcome = "Продолжил обучение"
    elif r < 0.34:
        outcome = "Самозанятый"
    elif r < 0.36:
        outcome = "ИП"
    elif not g.male and r < 0.41:
        outcome = "Декретный отпуск"
    elif r < 0.43:
        outcome = "ЦЗН"
    elif r < 0.45:
        outcome = "Риск нетрудоустройства"
    elif g.male and r < 0.47:
        outcome = "Служба по контракту"
    else:
        outcome = "Трудоустроен"
    if g.target:
        outcome = "Трудоустроен"
    forecast = outcome if rnd.random() < 0.85 or outcome in ("ЦЗН", "Риск нетрудоустройства") else "Трудоустроен"
    if forecast in ("ЦЗН", "Риск нетрудоустройства", "Декретный отпуск"):
        forecast = "Трудоустроен"
    channel_f = {"Продолжил обучение": "Продолжили обучение", "Призыв в ВС РФ": "Призыв ВС РФ"}.get(forecast, forecast)
    g.add(fdate, "прогноз", channel_f)
    if outcome == "Трудоустроен":
        e = employer_for(g)
        d = rand_date(date(year, 7, 3), date(year, 9, 29))
        g.add(d, "факт", rnd.choice(["Трудоустроен", "Трудоустроен", "Трудоустройство", "06"]), e, position_for(g))
        return ("job", d, e)
    if outcome == "Призыв в ВС РФ":
        d = rand_date(date(year, 10, 2), date(year, 12, 8))
        if d > as_of:
            d = rand_date(date(year, 10, 2), date(year, 11, 30))
        g.add(d, "факт", "Призыв в ВС РФ")
        return ("army", d, None)
    if outcome == "Продолжил обучение":
        g.add(rand_date(date(year, 8, 21), date(year, 9, 4)), "факт", rnd.choice(["Продолжил обучение", "Продолжили обучение"]),
              (rnd.choice(UNIVERSITIES), "", False), "")
        return ("edu", None, None)
    if outcome in ("Самозанятый", "ИП"):
        g.add(rand_date(date(year, 7, 10), date(year, 9, 20)), "факт", outcome)
        return ("own", None, None)
    if outcome == "Декретный отпуск":
        g.add(rand_date(date(year, 7, 10), date(year, 10, 20)), "факт", rnd.choice(["Декретный отпуск", "Отпуск по уходу за ребенком"]))
        return ("leave", None, None)
    if outcome == "ЦЗН":
        d = rand_date(date(year, 8, 1), date(year, 9, 15))
        g.add(d, "факт", "ЦЗН", None, "", f"Справка ГКУ СО «ЦЗН г. о. Самара» № {rnd.randint(100, 999)} от {ru(d)}")
        return ("czn", d, None)
    if outcome == "Служба по контракту":
        g.add(rand_date(date(year, 8, 1), date(year, 10, 15)), "факт", "Служба по контракту")
        return ("contract", None, None)
    g.add(rand_date(date(year, 9, 1), date(year, 10, 20)), "факт", "Риск нетрудоустройства")
    return ("risk", None, None)


def write_csv(path, header, rows, encoding, bom=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)

    def q(v):
        v = str(v)
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in ';"\n') else v

    text = "\r\n".join(";".join(q(v) for v in r) for r in [header] + rows) + "\r\n"
    with open(path, "wb") as f:
        if bom:
            f.write(b"\xef\xbb\xbf")
        f.write(text.encode(encoding))


G_HEADER = ["ID", "ФИО", "Специальность", "Группа", "ОВЗ", "Инвалидность", "Целевой договор", "Дуальное обучение"]
T_HEADER = ["ID", "Дата", "Вид", "Канал", "Предприятие", "ИНН", "ОПК", "Должность", "Документ"]


def grad_row(g):
    yn = lambda b: "да" if b else "нет"
    return [g.id, g.name, f"{g.spec[0]} {g.spec[1]}", g.group, yn(g.ovz), yn(g.disabled), g.target, yn(g.dual)]


def contingent(grads):
    return [len(grads), sum(g.ovz for g in grads), sum(g.ovz and g.disabled for g in grads),
            sum(g.disabled and not g.ovz for g in grads), sum(bool(g.target) for g in grads)]


def contingent_yaml(year, signed, signed_date, spo1=None, spo1_date=None, note=""):
    out = [f"# Контингент выпускников {year} года: строки 01–05.",
           "# signed — данные за подписью руководителя (скан-копия), spo1 — СПО-1 «Фактический выпуск».",
           "# 01 Всего; 02 из них лица с ОВЗ; 03 из числа лиц с ОВЗ инвалиды и дети-инвалиды;",
           "# 04 инвалиды и дети-инвалиды (кроме учтенных в строке 03); 05 имеют договор о целевом обучении."]
    if note:
        out.append(f"# {note}")
    for key, rows, d in (("signed", signed, signed_date), ("spo1", spo1, spo1_date)):
        if rows is None:
            continue
        out += [f"{key}:", f"  date: {d}", "  rows:"]
        out += [f'    "{i + 1:02d}": {v}' for i, v in enumerate(rows)]
    return "\n".join(out) + "\n"


def pick(grads, cond, used):
    for g in grads:
        if g.id not in used and cond(g):
            used.add(g.id)
            return g
    raise SystemExit("no graduate fits an injected case")


def gen_2023():
    year, as_of = 2023, date(2023, 12, 15)
    grads = cohort(year)
    used = set()
    # Special cases first, so the random tracks do not contradict them.
    special = {}
    g = pick(grads, lambda g: g.male and not g.target and not g.disabled, used)
    g.ovz = True
    g.add(date(2023, 6, 20), "прогноз", "Призыв ВС РФ")
    g.add(date(2023, 10, 10), "факт", "Призыв в ВС РФ")          # rule 1
    g = pick(grads, lambda g: g.male and not g.ovz and not g.disabled and not g.target, used)
    g.add(date(2023, 6, 21), "прогноз", "Призыв ВС РФ")
    g.add(date(2023, 8, 15), "факт", "Призыв в ВС РФ")           # rule 2: outside call-up windows
    g = pick(grads, lambda g: not g.target, used)
    g.add(date(2023, 6, 22), "прогноз", "Продолжили обучение")
    g.add(date(2023, 7, 20), "факт", "Продолжил обучение", (UNIVERSITIES[0], "", False))  # rule 3
    g = pick(grads, lambda g: not g.target, used)
    g.add(date(2023, 6, 22), "прогноз", "Трудоустроен")
    g.add(date(2023, 8, 7), "факт", "ЦЗН")                        # rule 4: no document
    g = pick(grads, lambda g: not g.target and g.spec[0] == "23.02.07", used)
    g.add(date(2023, 6, 22), "прогноз", "Трудоустроен")
    g.add(date(2023, 8, 1), "факт", "ЦЗН", None, "", "Справка ГКУ СО «ЦЗН г. о. Самара» № 514 от 01.08.2023")
    g.add(date(2023, 10, 16), "факт", "Трудоустроен", ENTERPRISES[4], "Слесарь по ремонту автомобилей")  # rule 4: left ЦЗН, no document
    g = pick(grads, lambda g: not g.target and g.spec[0] == "15.01.05", used)
    g.add(date(2023, 6, 23), "прогноз", "Трудоустроен")
    g.add(date(2023, 7, 17), "факт", "Трудоустроен", ("ООО «Торговый дом «Радуга»", "6321000099", False), "Продавец-консультант")  # rule 5
    g = pick(grads, lambda g: bool(g.target), used)
    g.add(date(2023, 6, 23), "прогноз", "Трудоустроен", next(e for e in ENTERPRISES if e[0] == g.target))
    g.add(date(2023, 7, 24), "факт", "Трудоустроен", ENTERPRISES[2] if g.spec[0] in ENTERPRISES[2][3] else ENTERPRISES[6], position_for(g))  # rule 6
    for _ in range(3):                                            # rule 7: forecast only
        g = pick(grads, lambda g: not g.target, used)
        g.add(rand_date(date(2023, 6, 15), date(2023, 6, 28)), "прогноз", "Трудоустроен")
    g = pick(grads, lambda g: not g.male and not g.target, used)
    g.add(date(2023, 6, 26), "прогноз", "Трудоустроен")
    g.add(date(2023, 8, 1), "факт", "Декретный отпуск")
    g.add(date(2023, 8, 8), "факт", "Трудоустроена", employer_for(g), position_for(g))  # rule 8: back after a week
    g = pick(grads, lambda g: not g.target, used)
    g.add(date(2023, 7, 17), "факт", "Трудоустроен", employer_for(g), position_for(g))  # rule 9: no forecast by 01.07
    g = pick(grads, lambda g: g.dual and not g.target, used)
    g.add(date(2023, 6, 26), "факт", "Трудоустроен", employer_for(g), position_for(g))  # rule 9: actual before 01.07
    pick(grads, lambda g: not g.target, used)                     # no track at all
    for g in grads:
        if g.id in used:
            continue
        kind, d, e = normal_track(g, year, as_of)
        # monthly actualisation: confirmed employment re-entered on 01.12.2023
        if kind == "job" and rnd.random() < 0.6:
            g.add(date(2023, 12, 1), "факт", "Трудоустроен", e, g.rows[-1][7])
    write(year, grads, "utf-8", bom=True)
    c = contingent(grads)
    spo1 = list(c)
    spo1[0] += 1  # one graduate of an evening group is in СПО-1 but not in the list yet
    note = "СПО-1: на одного выпускника больше (выпускник группы заочного отделения не внесён в список)."
    return contingent_yaml(year, c, "05.07.2023", spo1, "20.11.2023", note)


def gen_2022():
    year, as_of = 2022, date(2023, 12, 15)
    grads = cohort(year)
    used = set()
    # rule 8: five conscripts «return» on one date 01.11.2023 after a year of service
    for i in range(5):
        g = pick(grads, lambda g: g.male and not g.ovz and not g.disabled and not g.target, used)
        g.add(date(2022, 6, 20), "прогноз", "Призыв ВС РФ")
        g.add(date(2022, 10, 10 + i * 3), "факт", "Призыв в ВС РФ")
        g.add(date(2023, 11, 1), "факт", "Трудоустроен", employer_for(g), position_for(g))
    for g in grads:
        if g.id in used:
            continue
        kind, d, e = normal_track(g, year, as_of)
        if kind == "job" and rnd.random() < 0.15:  # changed jobs in 2023
            e2 = employer_for(g)
            g.add(rand_date(date(2023, 2, 1), date(2023, 10, 31)), "факт", "Трудоустроен", e2, position_for(g))
        if kind == "army" and rnd.random() < 0.7:
            back = d + timedelta(days=rnd.randint(366, 372))
            if back <= date(2023, 11, 30):
                g.add(back, "факт", "Трудоустроен", employer_for(g), position_for(g))
        if kind == "leave" and rnd.random() < 0.3:
            g.add(rand_date(date(2023, 9, 1), date(2023, 11, 20)), "факт", "Трудоустроена", employer_for(g), position_for(g))
    # The 2022 monitoring was last updated in November: stale on 15.12.2023 (rule 9).
    write(year, grads, "cp1251")
    c = contingent(grads)
    return contingent_yaml(year, c, "06.07.2022", c, "18.11.2022")


def write(year, grads, encoding, bom=False):
    d = os.path.join(ROOT, "data", "monitoring")
    write_csv(os.path.join(d, f"graduates-{year}.csv"), G_HEADER, [grad_row(g) for g in grads], encoding, bom)
    rows = [r for g in grads for r in g.rows]
    rows.sort(key=lambda r: (r[1][6:], r[1][3:5], r[1][:2], r[0]))  # by date, as exported from the AIS
    write_csv(os.path.join(d, f"tracks-{year}.csv"), T_HEADER, rows, encoding, bom)


def specialties_yaml():
    out = ["# Направления подготовки колледжа и должности (профессии), которые им соответствуют.",
           "# По этому перечню проверяется соответствие «направление подготовки — предприятие — должность»",
           "# (правило 5): должность выпускника должна содержать одну из перечисленных.", ""]
    for code, name, _, positions in SPECIALTIES:
        out += [f"- code: {code}", f"  name: {name}", "  positions:"]
        out += [f"    - {p}" for p in positions]
    return "\n".join(out) + "\n"


def broken_fixture():
    """Small project whose inputs are errors: every integrity check and the error-level rules."""
    root = os.path.join(ROOT, "tests", "fixtures", "monitoring-broken")
    ref = os.path.join(root, "data", "reference", "specialties.yaml")
    os.makedirs(os.path.dirname(ref), exist_ok=True)
    with open(ref, "w", encoding="utf-8") as f:
        f.write(specialties_yaml())
    s = {c: f"{c} {n}" for c, n, _, _ in SPECIALTIES}
    grads = [
        ["1", "Тестов Тест Тестович", s["15.01.05"], "СВ-31", "нет", "нет", "", "нет"],
        ["1", "Повторов Повтор", s["15.01.05"], "СВ-31", "нет", "нет", "", "нет"],              # duplicate ID
        ["2", "Кодов Код", "15.1.05 Сварщик", "СВ-31", "нет", "нет", "", "нет"],               # malformed code
        ["3", "Именов Имя", "38.02.01 Бухгалтерский учёт", "ЭБ-31", "нет", "нет", "", "нет"],  # code with two names
        ["4", "Безымянный Без", "38.02.01", "ЭБ-31", "нет", "нет", "", "нет"],                # code without a name
        ["5", "Неизвестнов Н", "13.02.11 Техническая эксплуатация электрического оборудования", "ЭО-31", "нет", "нет", "", "нет"],  # unknown code
        ["6", "Данетов Д", s["43.02.15"], "ПК-31", "может быть", "нет", "", "нет"],            # yes/no with another value
        ["", "Безидов Б", s["43.02.15"], "ПК-31", "нет", "нет", "", "нет"],                     # empty ID
    ]
    tracks = [
        ["1", "20.06.2023", "прогноз", "Трудоустроен", "", "", "", "", ""],
        ["99", "03.07.2023", "факт", "Трудоустроен", "", "", "", "", ""],                     # unknown ID
        ["1", "31.02.2023", "факт", "Трудоустроен", "", "", "", "", ""],                      # impossible date
        ["3", "01.08.2023", "факт", "Трудоустроин", "", "", "", "", ""],                      # unknown channel
        ["4", "01.08.2023", "план", "ИП", "", "", "", "", ""],                                # bad kind
    ]
    d = os.path.join(root, "data", "monitoring")
    write_csv(os.path.join(d, "graduates-2023.csv"), G_HEADER, grads, "cp1251")
    write_csv(os.path.join(d, "tracks-2023.csv"), T_HEADER, tracks, "cp1251")
    with open(os.path.join(d, "contingent-2023.yaml"), "w", encoding="utf-8") as f:
        f.write("# Ошибки: текст, дробь, отрицательное число; 03 > 02; расхождение с подписанным.\n"
                "signed:\n  date: 05.07.2023\n  rows:\n    \"01\": 9\n    \"02\": 0\n    \"03\": 1\n    \"04\": 0\n    \"05\": 0\n"
                "spo1:\n  date: 20.11.2023\n  rows:\n    \"01\": семь\n    \"02\": 1.5\n    \"03\": -1\n    \"04\": 0\n    \"05\": 0\n")
    # A second cohort without a signed contingent and without СПО-1 figures.
    write_csv(os.path.join(d, "graduates-2022.csv"), G_HEADER, [["1", "Прошлов П", s["15.01.05"], "СВ-21", "нет", "нет", "", "нет"]], "cp1251")
    write_csv(os.path.join(d, "tracks-2022.csv"), T_HEADER, [["1", "20.06.2022", "прогноз", "Трудоустроен", "", "", "", "", ""]], "cp1251")


def main():
    ref = os.path.join(ROOT, "data", "reference", "specialties.yaml")
    os.makedirs(os.path.dirname(ref), exist_ok=True)
    with open(ref, "w", encoding="utf-8") as f:
        f.write(specialties_yaml())
    k2022 = gen_2022()
    k2023 = gen_2023()
    for year, text in ((2022, k2022), (2023, k2023)):
        with open(os.path.join(ROOT, "data", "monitoring", f"contingent-{year}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
    broken_fixture()


if __name__ == "__main__":
    main()
