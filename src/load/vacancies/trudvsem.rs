//! «Работа России» open data: the API response, the bulk JSON dump and the bulk `|`-separated
//! CSV, filtered by region and specialty. Contact persons, phones and e-mails are never read.

use super::fitting;
use crate::format::parse_date;
use crate::model::specialty::Specialties;
use crate::model::vacancy::{Source, Vacancy};
use serde::Deserialize;

/// What an import is filtered by.
pub struct Filter<'a> {
    /// Normalised region name.
    pub region: String,
    /// Leading digits of the region code, or empty.
    pub region_code: String,
    pub specialties: &'a Specialties,
}

/// What one import file gave.
#[derive(Debug, Default)]
pub struct Imported {
    pub read: usize,
    pub out_of_region: usize,
    pub no_specialty: usize,
    /// Records that carried only a region code.
    pub needs_code: bool,
    pub kept: Vec<Vacancy>,
}

/// A string or a number in JSON, as a string (the portal writes ids and salaries both ways).
/// A visitor rather than an untagged enum: untagged buffers every value first, which made the
/// import of a 50,000-vacancy dump twice as slow.
fn lenient<'de, D: serde::Deserializer<'de>>(de: D) -> Result<String, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("строка или число")
        }
        fn visit_str<E>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_string<E>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_i64<E>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_bool<E>(self, v: bool) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_unit<E>(self) -> Result<String, E> {
            Ok(String::new())
        }
        fn visit_none<E>(self) -> Result<String, E> {
            Ok(String::new())
        }
    }
    de.deserialize_any(V)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Company {
    #[serde(deserialize_with = "lenient")]
    name: String,
    #[serde(deserialize_with = "lenient")]
    inn: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Region {
    #[serde(deserialize_with = "lenient")]
    region_code: String,
    #[serde(deserialize_with = "lenient")]
    name: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Location {
    #[serde(deserialize_with = "lenient")]
    location: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Addresses {
    address: Vec<Location>,
}

/// A vacancy of the API response (`results.vacancies[].vacancy`).
#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiVacancy {
    #[serde(deserialize_with = "lenient")]
    id: String,
    region: Region,
    company: Company,
    #[serde(rename = "creation-date", deserialize_with = "lenient")]
    creation_date: String,
    #[serde(rename = "modify-date", deserialize_with = "lenient")]
    modify_date: String,
    #[serde(deserialize_with = "lenient")]
    salary_min: String,
    #[serde(deserialize_with = "lenient")]
    salary_max: String,
    #[serde(rename = "job-name", deserialize_with = "lenient")]
    job_name: String,
    #[serde(deserialize_with = "lenient")]
    vac_url: String,
    #[serde(deserialize_with = "lenient")]
    schedule: String,
    addresses: Addresses,
    #[serde(deserialize_with = "lenient")]
    social_protected: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiItem {
    vacancy: ApiVacancy,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiResults {
    vacancies: Vec<ApiItem>,
}

/// A vacancy of the bulk JSON dump (`vacancies[]`).
#[derive(Deserialize, Default)]
#[serde(default)]
struct BulkVacancy {
    #[serde(deserialize_with = "lenient")]
    id: String,
    #[serde(deserialize_with = "lenient")]
    vacancy_name: String,
    #[serde(deserialize_with = "lenient")]
    state_region_code: String,
    company: Company,
    #[serde(deserialize_with = "lenient")]
    schedule_type: String,
    #[serde(deserialize_with = "lenient")]
    salary_min: String,
    #[serde(deserialize_with = "lenient")]
    salary_max: String,
    #[serde(deserialize_with = "lenient")]
    vac_url: String,
    #[serde(deserialize_with = "lenient")]
    date_create: String,
    #[serde(deserialize_with = "lenient")]
    date_modify: String,
    #[serde(deserialize_with = "lenient")]
    vacancy_address: String,
    #[serde(deserialize_with = "lenient")]
    work_places: String,
    #[serde(deserialize_with = "lenient")]
    is_quoted: String,
}

/// The API response shape.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AnyJson {
    results: Option<ApiResults>,
}

/// `2023-12-01`, `2023-12-01T10:00:00+03:00` or `01.12.2023`.
fn portal_date(s: &str) -> Option<jiff::civil::Date> {
    let head = s.trim().split(['T', ' ']).next().unwrap_or("");
    parse_date(head).ok()
}

fn portal_number(s: &str) -> Option<u32> {
    let x: f64 = s.trim().replace(',', ".").parse().ok()?;
    (x.is_finite() && x > 0.0 && x < 1e9).then_some(x.round() as u32)
}

fn truthy(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "true" | "1" | "да" | "yes"
    )
}

/// One record with its region as name or code.
struct Record {
    id: String,
    position: String,
    region_name: String,
    region_code: String,
    company: Company,
    salary_min: String,
    salary_max: String,
    url: String,
    schedule: String,
    created: String,
    modified: String,
    address: String,
    places: String,
    quoted: bool,
}

/// What became of one imported record.
enum Outcome {
    OutOfRegion,
    /// Only a region code was given, and no code is configured.
    NeedsCode,
    NoSpecialty,
    Kept(Box<Vacancy>),
}

impl Filter<'_> {
    fn judge(&self, r: Record, file: &str) -> Outcome {
        let in_region = if !r.region_name.is_empty() {
            crate::model::channel::normalize(&r.region_name) == self.region
        } else if !r.region_code.is_empty() {
            if self.region_code.is_empty() {
                return Outcome::NeedsCode;
            }
            r.region_code.starts_with(&self.region_code)
        } else {
            false
        };
        if !in_region {
            return Outcome::OutOfRegion;
        }
        let specialties = fitting(self.specialties, &r.position);
        if specialties.is_empty() {
            return Outcome::NoSpecialty;
        }
        let posted = portal_date(&r.modified).or_else(|| portal_date(&r.created));
        Outcome::Kept(Box::new(Vacancy {
            id: r.id,
            source: Source::Trudvsem,
            position: r.position.trim().to_string(),
            employer: r.company.name.trim().to_string(),
            inn: r.company.inn.trim().to_string(),
            specialties,
            salary_min: portal_number(&r.salary_min),
            salary_max: portal_number(&r.salary_max),
            address: r.address.trim().to_string(),
            schedule: r.schedule.trim().to_string(),
            places: portal_number(&r.places),
            posted,
            valid_until: None,
            url: r.url,
            quoted: r.quoted,
            file: file.to_string(),
            line: 0,
        }))
    }

    fn keep(&self, r: Record, file: &str, out: &mut Imported) {
        out.add(self.judge(r, file));
    }
}

impl Imported {
    fn add(&mut self, o: Outcome) {
        self.read += 1;
        match o {
            Outcome::OutOfRegion => self.out_of_region += 1,
            Outcome::NeedsCode => {
                self.out_of_region += 1;
                self.needs_code = true;
            }
            Outcome::NoSpecialty => self.no_specialty += 1,
            Outcome::Kept(v) => self.kept.push(*v),
        }
    }
}

fn bulk_record(v: BulkVacancy) -> Record {
    Record {
        id: v.id,
        position: v.vacancy_name,
        region_name: String::new(),
        region_code: v.state_region_code,
        company: v.company,
        salary_min: v.salary_min,
        salary_max: v.salary_max,
        url: v.vac_url,
        schedule: v.schedule_type,
        created: v.date_create,
        modified: v.date_modify,
        address: v.vacancy_address,
        places: v.work_places,
        quoted: truthy(&v.is_quoted),
    }
}

/// The bulk dump's records kept raw at first, so that they are parsed in parallel.
#[derive(Deserialize)]
struct RawBulk<'a> {
    #[serde(borrow)]
    vacancies: Vec<&'a serde_json::value::RawValue>,
}

/// A JSON file of the portal (API response or bulk dump).
pub fn import_json(bytes: &[u8], file: &str, filter: &Filter) -> Result<Imported, String> {
    use rayon::prelude::*;
    let bad = |e: serde_json::Error| {
        format!(
            "Файл не читается как выгрузка «Работа России» (JSON): {e}. Скачайте файл заново с портала открытых данных."
        )
    };
    let mut out = Imported::default();
    // A bulk dump (top-level `vacancies`) can hold hundreds of thousands of records: split it
    // into raw records first and parse those on every core; anything else is an API response.
    if let Ok(raw) = serde_json::from_slice::<RawBulk>(bytes) {
        let outcomes: Vec<Result<Outcome, String>> = raw
            .vacancies
            .par_iter()
            .map(|r| {
                serde_json::from_str::<BulkVacancy>(r.get())
                    .map(|v| filter.judge(bulk_record(v), file))
                    .map_err(bad)
            })
            .collect();
        for o in outcomes {
            out.add(o?);
        }
        return Ok(out);
    }
    let any: AnyJson = serde_json::from_slice(bytes).map_err(bad)?;
    for item in any.results.map(|r| r.vacancies).unwrap_or_default() {
        let v = item.vacancy;
        filter.keep(
            Record {
                id: v.id,
                position: v.job_name,
                region_name: v.region.name,
                region_code: v.region.region_code,
                company: v.company,
                salary_min: v.salary_min,
                salary_max: v.salary_max,
                url: v.vac_url,
                schedule: v.schedule,
                created: v.creation_date,
                modified: v.modify_date,
                address: v
                    .addresses
                    .address
                    .into_iter()
                    .next()
                    .map(|a| a.location)
                    .unwrap_or_default(),
                places: String::new(),
                quoted: truthy(&v.social_protected),
            },
            file,
            &mut out,
        );
    }
    Ok(out)
}

/// The portal's bulk CSV: `|`-separated, camelCase headers, `company` as a JSON string.
pub fn import_csv(bytes: &[u8], file: &str, filter: &Filter) -> Result<Imported, String> {
    let text = crate::load::table::decode(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'|')
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| format!("Заголовок выгрузки не читается: {e}."))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(id), Some(name)) = (col("id"), col("vacancyName")) else {
        return Err("В выгрузке «Работа России» (CSV, разделитель «|») нет столбцов id и vacancyName: скачайте файл заново.".into());
    };
    let region = col("regionName");
    let company = col("company");
    let full_company = col("fullCompanyName");
    let (created, modified) = (col("creationDate"), col("dateModify"));
    let (salary, salary_min, salary_max) = (col("salary"), col("salaryMin"), col("salaryMax"));
    let (schedule, places, url, address, quoted) = (
        col("scheduleType"),
        col("workPlaces"),
        col("vacancyUrl"),
        col("vacancyAddress"),
        col("isQuoted"),
    );
    let mut out = Imported::default();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| format!("Строка {} выгрузки не читается: {e}.", i + 2))?;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").to_string();
        let mut comp: Company = serde_json::from_str(&get(company)).unwrap_or_default();
        if comp.name.is_empty() {
            comp.name = get(full_company);
        }
        let sal = get(salary);
        let (lo, hi) = match sal.split_once(['-', '–']) {
            Some((a, b)) => (a.trim().to_string(), b.trim().to_string()),
            None => (sal.clone(), String::new()),
        };
        filter.keep(
            Record {
                id: get(Some(id)),
                position: get(Some(name)),
                region_name: get(region),
                region_code: String::new(),
                company: comp,
                salary_min: if salary_min.is_some() {
                    get(salary_min)
                } else {
                    lo
                },
                salary_max: if salary_max.is_some() {
                    get(salary_max)
                } else {
                    hi
                },
                url: get(url),
                schedule: get(schedule),
                created: get(created),
                modified: get(modified),
                address: get(address),
                places: get(places),
                quoted: truthy(&get(quoted)),
            },
            file,
            &mut out,
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::specialty::Specialty;

    fn specialties() -> Specialties {
        Specialties::new(
            "data/reference/specialties.yaml".into(),
            vec![Specialty {
                code: "15.02.08".into(),
                name: "Технология машиностроения".into(),
                positions: vec!["Токарь".into(), "Фрезеровщик".into()],
                line: 1,
            }],
        )
    }

    fn filter(sp: &Specialties) -> Filter<'_> {
        Filter {
            region: crate::model::channel::normalize("Самарская область"),
            region_code: "63".into(),
            specialties: sp,
        }
    }

    #[test]
    fn api_response_shape() {
        let json = r#"{"status":"200","meta":{"total":2,"limit":100},"results":{"vacancies":[
          {"vacancy":{"id":"a1","source":"Работа России","region":{"region_code":"6300000000000","name":"Самарская область"},
           "company":{"companycode":"1","inn":"6312000001","name":"АО «Волгастанок»","email":"hr@x.example","phone":"+79990000000"},
           "creation-date":"2023-12-01","modify-date":"2023-12-05T10:00:00+04:00","salary":"от 50000","salary_min":50000,"salary_max":70000,
           "job-name":"Токарь 4 разряда","vac_url":"https://trudvsem.ru/vacancy/card/1/a1","schedule":"Полный рабочий день",
           "addresses":{"address":[{"location":"г. Самара, ул. Ново-Садовая, 106"}]},"social_protected":"",
           "contact_list":[{"contact_type":"Телефон","contact_value":"+79990000000"}]}},
          {"vacancy":{"id":"a2","region":{"region_code":"1600000000000","name":"Республика Татарстан"},"job-name":"Токарь"}}
        ]}}"#;
        let sp = specialties();
        let imp = import_json(json.as_bytes(), "x.json", &filter(&sp)).unwrap();
        assert_eq!((imp.read, imp.out_of_region, imp.kept.len()), (2, 1, 1));
        let v = &imp.kept[0];
        assert_eq!(v.specialties, vec!["15.02.08"]);
        assert_eq!(v.salary_min, Some(50000));
        assert_eq!(v.posted, Some(jiff::civil::Date::constant(2023, 12, 5)));
        assert_eq!(v.address, "г. Самара, ул. Ново-Садовая, 106");
    }

    #[test]
    fn bulk_json_shape_filters_region_and_specialty() {
        let json = r#"{"vacancies":[
          {"id":"b1","vacancy_name":"Фрезеровщик","state_region_code":"6300000000000","company":{"inn":"1","name":"ООО «А»"},"salary_min":"45000","date_modify":"2023-12-10","work_places":2,"is_quoted":true},
          {"id":"b2","vacancy_name":"Фрезеровщик","state_region_code":"6300000000000","company":{"inn":"1","name":"ООО «А»"}},
          {"id":"b3","vacancy_name":"Продавец","state_region_code":"6300000000000","company":{"inn":"2","name":"ООО «Б»"}},
          {"id":"b4","vacancy_name":"Токарь","state_region_code":"7700000000000","company":{"inn":"3","name":"ООО «В»"}}
        ]}"#;
        let sp = specialties();
        let imp = import_json(json.as_bytes(), "x.json", &filter(&sp)).unwrap();
        assert_eq!(
            (
                imp.read,
                imp.out_of_region,
                imp.no_specialty,
                imp.kept.len()
            ),
            (4, 1, 1, 2)
        );
        assert!(imp.kept[0].quoted);
        assert_eq!(imp.kept[0].places, Some(2));
        // Without a region code the dump cannot be filtered, and says so.
        let f = Filter {
            region_code: String::new(),
            ..filter(&sp)
        };
        let imp = import_json(json.as_bytes(), "x.json", &f).unwrap();
        assert!(imp.needs_code && imp.kept.is_empty());
    }

    #[test]
    fn bulk_csv_shape() {
        let csv = "id|vacancyName|regionName|company|fullCompanyName|creationDate|dateModify|salary|scheduleType|workPlaces|vacancyUrl|vacancyAddress|contactList|isQuoted\n\
                   c1|Токарь-универсал|Самарская область|\"{\"\"inn\"\":\"\"6316000000\"\",\"\"name\"\":\"\"ПАО «Завод»\"\"}\"|ПАО «Завод»|2023-12-01|2023-12-02|40000-55000|Сменный график|3|https://trudvsem.ru/vacancy/card/c1|г. Тольятти|\"[{\"\"contact_value\"\":\"\"+79990001122\"\"}]\"|false\n";
        let sp = specialties();
        let imp = import_csv(csv.as_bytes(), "x.csv", &filter(&sp)).unwrap();
        assert_eq!(imp.kept.len(), 1, "{imp:?}");
        let v = &imp.kept[0];
        assert_eq!((v.salary_min, v.salary_max), (Some(40000), Some(55000)));
        assert_eq!(v.inn, "6316000000");
        assert!(
            !format!("{v:?}").contains("79990001122"),
            "contacts are never read"
        );
    }

    #[test]
    fn broken_json_is_explained() {
        let sp = specialties();
        let e = import_json(b"{\"vacancies\": [", "x.json", &filter(&sp)).unwrap_err();
        assert!(e.contains("JSON"));
    }
}
