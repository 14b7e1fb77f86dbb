/**
 * A customer's time zone when the CRM does not give one: from the country of their address (and
 * its region where the country spans several zones), else from their phone number's country.
 * Pure lookups, no I/O. The tables hold IANA names only; a spec checks every one of them.
 *
 * A country's zone is where most of its people live; a region names the zone of that region.
 * A country with several zones and no region we know gets its most populous zone.
 */
export type TimeZoneSource = 'given' | 'address' | 'phone' | 'default';

/** Most populous zone per ISO 3166-1 alpha-2 country. */
const COUNTRY_ZONES: Record<string, string> = parseZones(`
  AD Europe/Andorra AE Asia/Dubai AF Asia/Kabul AG America/Antigua AI America/Anguilla AL Europe/Tirane
  AM Asia/Yerevan AO Africa/Luanda AR America/Argentina/Buenos_Aires AS Pacific/Pago_Pago AT Europe/Vienna
  AU Australia/Sydney AW America/Aruba AX Europe/Mariehamn AZ Asia/Baku BA Europe/Sarajevo BB America/Barbados
  BD Asia/Dhaka BE Europe/Brussels BF Africa/Ouagadougou BG Europe/Sofia BH Asia/Bahrain BI Africa/Bujumbura
  BJ Africa/Porto-Novo BL America/St_Barthelemy BM Atlantic/Bermuda BN Asia/Brunei BO America/La_Paz
  BQ America/Kralendijk BR America/Sao_Paulo BS America/Nassau BT Asia/Thimphu BW Africa/Gaborone BY Europe/Minsk
  BZ America/Belize CA America/Toronto CC Indian/Cocos CD Africa/Kinshasa CF Africa/Bangui CG Africa/Brazzaville
  CH Europe/Zurich CI Africa/Abidjan CK Pacific/Rarotonga CL America/Santiago CM Africa/Douala CN Asia/Shanghai
  CO America/Bogota CR America/Costa_Rica CU America/Havana CV Atlantic/Cape_Verde CW America/Curacao
  CX Indian/Christmas CY Asia/Nicosia CZ Europe/Prague DE Europe/Berlin DJ Africa/Djibouti DK Europe/Copenhagen
  DM America/Dominica DO America/Santo_Domingo DZ Africa/Algiers EC America/Guayaquil EE Europe/Tallinn
  EG Africa/Cairo EH Africa/El_Aaiun ER Africa/Asmara ES Europe/Madrid ET Africa/Addis_Ababa FI Europe/Helsinki
  FJ Pacific/Fiji FK Atlantic/Stanley FM Pacific/Pohnpei FO Atlantic/Faroe FR Europe/Paris GA Africa/Libreville
  GB Europe/London GD America/Grenada GE Asia/Tbilisi GF America/Cayenne GG Europe/Guernsey GH Africa/Accra
  GI Europe/Gibraltar GL America/Nuuk GM Africa/Banjul GN Africa/Conakry GP America/Guadeloupe GQ Africa/Malabo
  GR Europe/Athens GS Atlantic/South_Georgia GT America/Guatemala GU Pacific/Guam GW Africa/Bissau GY America/Guyana
  HK Asia/Hong_Kong HN America/Tegucigalpa HR Europe/Zagreb HT America/Port-au-Prince HU Europe/Budapest
  ID Asia/Jakarta IE Europe/Dublin IL Asia/Jerusalem IM Europe/Isle_of_Man IN Asia/Kolkata IO Indian/Chagos
  IQ Asia/Baghdad IR Asia/Tehran IS Atlantic/Reykjavik IT Europe/Rome JE Europe/Jersey JM America/Jamaica
  JO Asia/Amman JP Asia/Tokyo KE Africa/Nairobi KG Asia/Bishkek KH Asia/Phnom_Penh KI Pacific/Tarawa
  KM Indian/Comoro KN America/St_Kitts KP Asia/Pyongyang KR Asia/Seoul KW Asia/Kuwait KY America/Cayman
  KZ Asia/Almaty LA Asia/Vientiane LB Asia/Beirut LC America/St_Lucia LI Europe/Vaduz LK Asia/Colombo
  LR Africa/Monrovia LS Africa/Maseru LT Europe/Vilnius LU Europe/Luxembourg LV Europe/Riga LY Africa/Tripoli
  MA Africa/Casablanca MC Europe/Monaco MD Europe/Chisinau ME Europe/Podgorica MF America/Marigot
  MG Indian/Antananarivo MH Pacific/Majuro MK Europe/Skopje ML Africa/Bamako MM Asia/Yangon MN Asia/Ulaanbaatar
  MO Asia/Macau MP Pacific/Saipan MQ America/Martinique MR Africa/Nouakchott MS America/Montserrat MT Europe/Malta
  MU Indian/Mauritius MV Indian/Maldives MW Africa/Blantyre MX America/Mexico_City MY Asia/Kuala_Lumpur
  MZ Africa/Maputo NA Africa/Windhoek NC Pacific/Noumea NE Africa/Niamey NF Pacific/Norfolk NG Africa/Lagos
  NI America/Managua NL Europe/Amsterdam NO Europe/Oslo NP Asia/Kathmandu NR Pacific/Nauru NU Pacific/Niue
  NZ Pacific/Auckland OM Asia/Muscat PA America/Panama PE America/Lima PF Pacific/Tahiti PG Pacific/Port_Moresby
  PH Asia/Manila PK Asia/Karachi PL Europe/Warsaw PM America/Miquelon PN Pacific/Pitcairn PR America/Puerto_Rico
  PS Asia/Gaza PT Europe/Lisbon PW Pacific/Palau PY America/Asuncion QA Asia/Qatar RE Indian/Reunion
  RO Europe/Bucharest RS Europe/Belgrade RU Europe/Moscow RW Africa/Kigali SA Asia/Riyadh SB Pacific/Guadalcanal
  SC Indian/Mahe SD Africa/Khartoum SE Europe/Stockholm SG Asia/Singapore SH Atlantic/St_Helena
  SI Europe/Ljubljana SJ Arctic/Longyearbyen SK Europe/Bratislava SL Africa/Freetown SM Europe/San_Marino
  SN Africa/Dakar SO Africa/Mogadishu SR America/Paramaribo SS Africa/Juba ST Africa/Sao_Tome
  SV America/El_Salvador SX America/Lower_Princes SY Asia/Damascus SZ Africa/Mbabane TC America/Grand_Turk
  TD Africa/Ndjamena TF Indian/Kerguelen TG Africa/Lome TH Asia/Bangkok TJ Asia/Dushanbe TK Pacific/Fakaofo
  TL Asia/Dili TM Asia/Ashgabat TN Africa/Tunis TO Pacific/Tongatapu TR Europe/Istanbul TT America/Port_of_Spain
  TV Pacific/Funafuti TW Asia/Taipei TZ Africa/Dar_es_Salaam UA Europe/Kyiv UG Africa/Kampala US America/New_York
  UY America/Montevideo UZ Asia/Tashkent VA Europe/Vatican VC America/St_Vincent VE America/Caracas
  VG America/Tortola VI America/St_Thomas VN Asia/Ho_Chi_Minh VU Pacific/Efate WF Pacific/Wallis WS Pacific/Apia
  XK Europe/Belgrade YE Asia/Aden YT Indian/Mayotte ZA Africa/Johannesburg ZM Africa/Lusaka ZW Africa/Harare
`);

interface CountryRegions {
  /** Region code (ISO 3166-2 without the country, or the code Shopify writes) → zone. */
  zones: Record<string, string>;
  /** Region name, lower case → region code, for CRMs that write names. */
  names?: Record<string, string>;
}

/**
 * Regions outside their country's most populous zone. Codes are ISO 3166-2 subdivisions; where
 * Shopify writes another code (Mexico), both are listed. A state split between two zones takes
 * the zone of most of its people.
 */
const REGIONS: Record<string, CountryRegions> = {
  US: {
    zones: regionZones({
      'America/New_York': 'CT DE DC FL GA KY ME MD MA NH NJ NY NC OH PA RI SC VT VA WV',
      'America/Detroit': 'MI',
      'America/Indiana/Indianapolis': 'IN',
      'America/Chicago': 'AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI',
      'America/Denver': 'CO MT NM UT WY',
      'America/Boise': 'ID',
      'America/Phoenix': 'AZ',
      'America/Los_Angeles': 'CA NV OR WA',
      'America/Anchorage': 'AK',
      'Pacific/Honolulu': 'HI',
      'America/Puerto_Rico': 'PR',
      'Pacific/Guam': 'GU',
      'America/St_Thomas': 'VI',
      'Pacific/Pago_Pago': 'AS',
      'Pacific/Saipan': 'MP',
    }),
    names: regionNames(`
      Alabama:AL|Alaska:AK|Arizona:AZ|Arkansas:AR|California:CA|Colorado:CO|Connecticut:CT|Delaware:DE|
      District of Columbia:DC|Washington DC:DC|Florida:FL|Georgia:GA|Hawaii:HI|Idaho:ID|Illinois:IL|Indiana:IN|
      Iowa:IA|Kansas:KS|Kentucky:KY|Louisiana:LA|Maine:ME|Maryland:MD|Massachusetts:MA|Michigan:MI|Minnesota:MN|
      Mississippi:MS|Missouri:MO|Montana:MT|Nebraska:NE|Nevada:NV|New Hampshire:NH|New Jersey:NJ|New Mexico:NM|
      New York:NY|North Carolina:NC|North Dakota:ND|Ohio:OH|Oklahoma:OK|Oregon:OR|Pennsylvania:PA|Rhode Island:RI|
      South Carolina:SC|South Dakota:SD|Tennessee:TN|Texas:TX|Utah:UT|Vermont:VT|Virginia:VA|Washington:WA|
      West Virginia:WV|Wisconsin:WI|Wyoming:WY|Puerto Rico:PR|Guam:GU|American Samoa:AS|Northern Mariana Islands:MP|
      U.S. Virgin Islands:VI|US Virgin Islands:VI`),
  },
  CA: {
    zones: regionZones({
      'America/Toronto': 'ON QC',
      'America/Halifax': 'NS PE',
      'America/Moncton': 'NB',
      'America/St_Johns': 'NL',
      'America/Winnipeg': 'MB',
      'America/Regina': 'SK',
      'America/Edmonton': 'AB NT',
      'America/Vancouver': 'BC',
      'America/Whitehorse': 'YT',
      'America/Iqaluit': 'NU',
    }),
    names: regionNames(`
      Ontario:ON|Quebec:QC|Québec:QC|Nova Scotia:NS|Prince Edward Island:PE|New Brunswick:NB|
      Newfoundland and Labrador:NL|Newfoundland:NL|Manitoba:MB|Saskatchewan:SK|Alberta:AB|
      Northwest Territories:NT|British Columbia:BC|Yukon:YT|Nunavut:NU`),
  },
  AU: {
    zones: regionZones({
      'Australia/Sydney': 'NSW ACT',
      'Australia/Melbourne': 'VIC',
      'Australia/Brisbane': 'QLD',
      'Australia/Adelaide': 'SA',
      'Australia/Perth': 'WA',
      'Australia/Hobart': 'TAS',
      'Australia/Darwin': 'NT',
    }),
    names: regionNames(`
      New South Wales:NSW|Australian Capital Territory:ACT|Victoria:VIC|Queensland:QLD|South Australia:SA|
      Western Australia:WA|Tasmania:TAS|Northern Territory:NT`),
  },
  BR: {
    zones: regionZones({
      'America/Sao_Paulo': 'SP RJ MG ES PR SC RS GO DF',
      'America/Bahia': 'BA',
      'America/Recife': 'PE',
      'America/Maceio': 'AL SE',
      'America/Fortaleza': 'CE RN PB PI MA',
      'America/Belem': 'PA AP',
      'America/Araguaina': 'TO',
      'America/Cuiaba': 'MT',
      'America/Campo_Grande': 'MS',
      'America/Manaus': 'AM',
      'America/Boa_Vista': 'RR',
      'America/Porto_Velho': 'RO',
      'America/Rio_Branco': 'AC',
    }),
    names: regionNames(`
      São Paulo:SP|Sao Paulo:SP|Rio de Janeiro:RJ|Minas Gerais:MG|Bahia:BA|Pernambuco:PE|Ceará:CE|Ceara:CE|
      Pará:PA|Para:PA|Amazonas:AM|Mato Grosso:MT|Mato Grosso do Sul:MS|Acre:AC|Rondônia:RO|Rondonia:RO|Roraima:RR`),
  },
  MX: {
    zones: regionZones({
      'America/Tijuana': 'BC BCN',
      'America/Mazatlan': 'BCS SIN NAY',
      'America/Hermosillo': 'SON',
      'America/Chihuahua': 'CHIH CHH',
      'America/Cancun': 'ROO QROO',
    }),
    names: regionNames(`
      Baja California:BC|Baja California Sur:BCS|Sinaloa:SIN|Nayarit:NAY|Sonora:SON|Chihuahua:CHIH|Quintana Roo:ROO`),
  },
  RU: {
    zones: regionZones({
      'Europe/Kaliningrad': 'KGD',
      'Europe/Samara': 'SAM UD',
      'Europe/Astrakhan': 'AST',
      'Europe/Saratov': 'SAR',
      'Europe/Ulyanovsk': 'ULY',
      'Europe/Volgograd': 'VGG',
      'Asia/Yekaterinburg': 'BA CHE KGN ORE PER SVE TYU KHM YAN',
      'Asia/Omsk': 'OMS',
      'Asia/Novosibirsk': 'NVS',
      'Asia/Tomsk': 'TOM',
      'Asia/Barnaul': 'ALT AL',
      'Asia/Novokuznetsk': 'KEM',
      'Asia/Krasnoyarsk': 'KYA TY KK',
      'Asia/Irkutsk': 'IRK BU',
      'Asia/Chita': 'ZAB',
      'Asia/Yakutsk': 'SA AMU',
      'Asia/Vladivostok': 'PRI KHA YEV',
      'Asia/Sakhalin': 'SAK',
      'Asia/Magadan': 'MAG',
      'Asia/Kamchatka': 'KAM',
      'Asia/Anadyr': 'CHU',
    }),
  },
  ID: {
    zones: regionZones({
      'Asia/Pontianak': 'KB KT',
      'Asia/Makassar': 'BA NB NT KS KI KU SA ST SG SR SN GO',
      'Asia/Jayapura': 'MA MU PA PB PS PT PE PD',
    }),
    names: regionNames(`Bali:BA|Papua:PA|West Papua:PB|Papua Barat:PB|Maluku:MA|North Maluku:MU|Maluku Utara:MU`),
  },
  ES: {
    zones: regionZones({ 'Atlantic/Canary': 'CN GC TF' }),
    names: regionNames('Canary Islands:CN|Canarias:CN|Las Palmas:GC|Santa Cruz de Tenerife:TF'),
  },
  PT: { zones: regionZones({ 'Atlantic/Azores': '20', 'Atlantic/Madeira': '30' }), names: regionNames('Azores:20|Açores:20|Madeira:30') },
  CL: { zones: regionZones({ 'America/Punta_Arenas': 'MA' }), names: regionNames('Magallanes:MA') },
  EC: { zones: regionZones({ 'Pacific/Galapagos': 'W' }), names: regionNames('Galápagos:W|Galapagos:W') },
  NZ: { zones: regionZones({ 'Pacific/Chatham': 'CIT' }), names: regionNames('Chatham Islands:CIT') },
  CD: { zones: regionZones({ 'Africa/Lubumbashi': 'HK LU HL TA KE KS KC LO SA MA NK SK IT HU BU TO KA' }) },
};

/**
 * The zone of a place: its region's when the country spans several zones and the region is
 * known (as a code, `US-CA` or `CA`, or as a name), else the country's. Null for a country we
 * do not know.
 */
export function zoneOfPlace(country: string, region?: string | null): string | null {
  const code = country.trim().toUpperCase();
  const zone = COUNTRY_ZONES[code];
  if (zone === undefined) return null;
  const regions = REGIONS[code];
  if (!regions || !region) return zone;
  const key = region.trim();
  const bare = key
    .toUpperCase()
    .replace(new RegExp(`^${code}[-_ ]`), '')
    .replace(/[\s.]/g, '');
  const byCode = regions.zones[bare];
  if (byCode) return byCode;
  const named = regions.names?.[key.toLowerCase()];
  return (named && regions.zones[named]) || zone;
}

export interface KnownPlace {
  /** ISO 3166-1 alpha-2 country of the customer's address. */
  country?: string | null;
  region?: string | null;
  /** ISO 3166-1 alpha-2 country of the customer's phone number. */
  phoneCountry?: string | null;
}

/** The zone we can tell from what the CRM knows of the customer, and what told it; null when nothing does. */
export function guessTimeZone(hints: KnownPlace): { zone: string; source: 'address' | 'phone' } | null {
  if (hints.country) {
    const zone = zoneOfPlace(hints.country, hints.region);
    if (zone) return { zone, source: 'address' };
  }
  if (hints.phoneCountry) {
    const zone = zoneOfPlace(hints.phoneCountry);
    if (zone) return { zone, source: 'phone' };
  }
  return null;
}

/** True for an ISO 3166-1 alpha-2 code of a country in use (Intl also names withdrawn ones, such as DD). */
export function isCountryCode(code: string): boolean {
  return code in COUNTRY_ZONES;
}

/** Every zone the tables name, for the spec. */
export function zonesInTables(): string[] {
  const zones = new Set(Object.values(COUNTRY_ZONES));
  for (const regions of Object.values(REGIONS)) for (const zone of Object.values(regions.zones)) zones.add(zone);
  return [...zones];
}

/** Region names point at codes the same country's table has; for the spec. */
export function regionNamesInTables(): { country: string; name: string; code: string; known: boolean }[] {
  return Object.entries(REGIONS).flatMap(([country, regions]) =>
    Object.entries(regions.names ?? {}).map(([name, code]) => ({ country, name, code, known: code in regions.zones })),
  );
}

function parseZones(table: string): Record<string, string> {
  const words = table.trim().split(/\s+/);
  const out: Record<string, string> = {};
  for (let i = 0; i < words.length; i += 2) out[words[i]] = words[i + 1];
  return out;
}

function regionZones(byZone: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [zone, codes] of Object.entries(byZone)) for (const code of codes.split(' ')) out[code] = zone;
  return out;
}

function regionNames(table: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of table.split('|')) {
    const [name, code] = pair.trim().split(':');
    out[name.toLowerCase()] = code;
  }
  return out;
}
