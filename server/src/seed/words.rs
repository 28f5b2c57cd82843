//! Word lists the demo data is drawn from: names, places, companies,
//! products, agents and the like.

/// Given names, several accented.
pub const FIRST_NAMES: &[&str] = &[
    "Emma",
    "Liam",
    "Olivia",
    "Noah",
    "Ava",
    "Ethan",
    "Sophia",
    "Mason",
    "Isabella",
    "Lucas",
    "Mia",
    "Oliver",
    "Amelia",
    "Elijah",
    "Harper",
    "James",
    "Evelyn",
    "Benjamin",
    "Abigail",
    "Henry",
    "Charlotte",
    "Alexander",
    "Emily",
    "Daniel",
    "Grace",
    "Samuel",
    "Chloé",
    "Hugo",
    "Léa",
    "Mathis",
    "Inès",
    "Raphaël",
    "Björn",
    "Søren",
    "Ingrid",
    "Łukasz",
    "Zofia",
    "Matteo",
    "Giulia",
    "Sofía",
    "Mateo",
    "Camila",
    "Joaquín",
    "Valentina",
    "Hiroshi",
    "Yuki",
    "Haruto",
    "Aiko",
    "Wei",
    "Mei",
    "Priya",
    "Arjun",
    "Ananya",
    "Rohan",
    "Fatima",
    "Omar",
    "Amara",
    "Kwame",
    "Nia",
    "Tomás",
    "Ana",
    "Jürgen",
    "Renée",
    "François",
    "Siobhán",
    "Nikolai",
    "Olga",
    "Dmitri",
];

/// Family names, several accented or with particles.
pub const LAST_NAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Martinez",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "Thompson",
    "White",
    "Lopez",
    "Lee",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Müller",
    "Schröder",
    "Dubois",
    "Moreau",
    "Fournier",
    "Rossi",
    "Bianchi",
    "Núñez",
    "Peña",
    "González",
    "Nakamura",
    "Tanaka",
    "Sato",
    "Chen",
    "Wang",
    "Kim",
    "Park",
    "Nguyen",
    "Patel",
    "Sharma",
    "Okafor",
    "Mensah",
    "Kowalski",
    "Nowak",
    "Johansson",
    "Andersen",
    "O'Brien",
    "Ó Súilleabháin",
    "van der Berg",
    "Petrov",
    "Ivanova",
    "da Silva",
];

/// A city, its country and the country's calling code.
pub struct Place {
    pub city: &'static str,
    pub country: &'static str,
    pub calling_code: &'static str,
}

const fn place(city: &'static str, country: &'static str, calling_code: &'static str) -> Place {
    Place {
        city,
        country,
        calling_code,
    }
}

/// Where customers live.
pub const PLACES: &[Place] = &[
    place("Lyon", "France", "+33"),
    place("Paris", "France", "+33"),
    place("Montréal", "Canada", "+1"),
    place("Toronto", "Canada", "+1"),
    place("Seattle", "United States", "+1"),
    place("New York", "United States", "+1"),
    place("Austin", "United States", "+1"),
    place("Berlin", "Germany", "+49"),
    place("München", "Germany", "+49"),
    place("Madrid", "Spain", "+34"),
    place("Ciudad de México", "Mexico", "+52"),
    place("São Paulo", "Brazil", "+55"),
    place("London", "United Kingdom", "+44"),
    place("Dublin", "Ireland", "+353"),
    place("Tokyo", "Japan", "+81"),
    place("Osaka", "Japan", "+81"),
    place("Cairo", "Egypt", "+20"),
    place("Dubai", "United Arab Emirates", "+971"),
    place("Mumbai", "India", "+91"),
    place("Sydney", "Australia", "+61"),
    place("Stockholm", "Sweden", "+46"),
    place("Warszawa", "Poland", "+48"),
    place("Milano", "Italy", "+39"),
    place("Lagos", "Nigeria", "+234"),
    place("Amsterdam", "Netherlands", "+31"),
];

/// Job titles of contacts.
pub const JOB_TITLES: &[&str] = &[
    "Procurement Manager",
    "IT Administrator",
    "Office Manager",
    "Operations Director",
    "Purchasing Agent",
    "Facilities Coordinator",
    "Chief Financial Officer",
    "Account Executive",
    "Store Manager",
    "Logistics Planner",
    "Head of Customer Experience",
    "Software Engineer",
    "Practice Manager",
    "Quality Assurance Lead",
    "Marketing Specialist",
    "Owner",
];

/// First words of company names ("Contoso Pharmaceuticals").
pub const COMPANY_NAMES: &[&str] = &[
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Adventure Works",
    "Tailspin",
    "Wingtip",
    "Litware",
    "Proseware",
    "Alpine Ski House",
    "Coho",
    "Woodgrove",
    "Fourth Coffee",
    "Blue Yonder",
    "Lamna",
    "Trey Research",
    "Wide World",
    "Relecloud",
    "Margie's Travel",
    "Humongous",
    "VanArsdel",
    "A. Datum",
    "Southridge",
    "Consolidated",
    "Lucerne",
    "Bellows",
];

/// Last words of company names.
pub const COMPANY_TRADES: &[&str] = &[
    "Pharmaceuticals",
    "Logistics",
    "Retail",
    "Bank",
    "Airlines",
    "Insurance",
    "Foods",
    "Energy",
    "Healthcare",
    "Manufacturing",
    "Media",
    "Software",
];

/// Agents, by id and name: case owners and timeline authors. The demo
/// console offers the first few (`auth::DEMO_AGENTS`); migration 0006
/// gives rows written before identity these ids.
pub const AGENTS: &[(&str, &str)] = &[
    ("aisha.rahman", "Aisha Rahman"),
    ("ben.carter", "Ben Carter"),
    ("chen.jing", "Chen Jing"),
    ("diego.fernandez", "Diego Fernández"),
    ("elena.popescu", "Elena Popescu"),
    ("farid.haddad", "Farid Haddad"),
    ("grace.oconnor", "Grace O'Connor"),
    ("hannah.schmidt", "Hannah Schmidt"),
];
/// What customers bought.
pub const PRODUCTS: &[&str] = &[
    "Aurora Smart Thermostat",
    "Aurora Smart Thermostat Pro",
    "Nimbus Wi-Fi Router",
    "Nimbus Mesh Extender",
    "Vela Espresso Machine",
    "Orion Laptop 14",
    "Orion Laptop 16",
    "Lumen LED Panel",
    "Cascade Water Filter",
    "Zephyr Air Purifier",
    "Pulse Fitness Band",
    "Premium Support Plan",
];

/// Case titles; `{n}` is an order or invoice number, `{p}` a product.
pub const CASE_TITLES: &[&str] = &[
    "Refund not received for order {n}",
    "Invoice {n} charged twice",
    "{p} arrived damaged",
    "{p} stops working after update",
    "Cannot sign in to the customer portal",
    "Request to change delivery address for order {n}",
    "Warranty claim for {p}",
    "Missing parts in order {n}",
    "{p} makes a loud noise",
    "Question about Premium Support renewal",
    "Return label not received for order {n}",
    "Billing address update",
    "Cannot pair {p} with the mobile app",
    "Order {n} delayed by more than a week",
    "Request for a bulk order quote",
    "Subscription cancelled by mistake",
];

/// Queues conversations wait in.
pub const QUEUES: &[&str] = &[
    "General enquiries",
    "Billing",
    "Technical support",
    "Returns & refunds",
    "Premium customers",
];

/// Routing skills.
pub const SKILLS: &[&str] = &[
    "English",
    "French",
    "German",
    "Spanish",
    "Japanese",
    "Arabic",
    "Billing",
    "Refunds",
    "Networking",
    "Smart home",
    "Premium customers",
    "Tier 2",
];

/// BCP-47 language tags of visitors.
pub const LANGUAGES: &[&str] = &[
    "en-US", "en-GB", "fr-CA", "fr-FR", "de-DE", "es-MX", "es-ES", "ja-JP", "ar-EG", "pt-BR",
    "it-IT", "pl-PL", "sv-SE",
];

/// Visitors' browsers.
pub const BROWSERS: &[&str] = &["Chrome 126", "Edge 126", "Firefox 128", "Safari 17.5"];

/// Visitors' operating systems.
pub const SYSTEMS: &[&str] = &[
    "Windows 11",
    "macOS 14",
    "iOS 17",
    "Android 14",
    "Ubuntu 24.04",
];

/// `text` lowercased with Latin accents removed and anything but ASCII
/// letters and digits dropped, for e-mail addresses and domains.
pub fn ascii_fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
            'ç' | 'ć' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' | 'ń' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ł' => "l",
            'ś' => "s",
            'ź' | 'ż' => "z",
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            c if c.is_ascii_alphanumeric() => {
                folded.push(c);
                continue;
            }
            _ => continue,
        };
        folded.push_str(plain);
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_ascii_letters_and_strips_accents() {
        assert_eq!(ascii_fold("Zoë Lefèvre"), "zoelefevre");
        assert_eq!(ascii_fold("Ó Súilleabháin"), "osuilleabhain");
        assert_eq!(ascii_fold("Margie's Travel"), "margiestravel");
        assert_eq!(ascii_fold("ليلى"), "");
    }
}
