<?php
/*
 * Generates tests/vectors/unipesa_signature.json: Unipesa signature vectors computed by running the
 * provider's OWN `calculateSignature` PHP function (Unipesa Payment API Gateway docs, docs/providers/unipesa.md) under php-cli.
 *
 * The provider's code is not part of this repository: it is read from the provider's documents document at run time,
 * with the one documented fix applied (see FIX below), and eval'd. A clone without the provider's documents can still use
 * the committed JSON; regenerating it needs the provider's documents.
 *
 * Usage (from anywhere):
 *   php scripts/vectors/unipesa_signature.php [SEED_PATH] [--out=PATH] [--check]
 *     SEED_PATH  default: <repo root>/../shared/seeds/003_f1169fc8928cdf5f.txt
 *     --out      default: <repo root>/tests/vectors/unipesa_signature.json
 *     --check    do not write; exit 1 if the committed file differs from what would be written
 *
 * Nothing secret is printed: only counts and paths.
 */

error_reporting(E_ALL);
// PHP's built-in defaults, set explicitly so a php.ini elsewhere cannot change how floats are stringified.
ini_set('precision', '14');
ini_set('serialize_precision', '-1');

const SEED_FILE_NAME = '003_f1169fc8928cdf5f.txt';

function fail(string $msg): void
{
    fwrite(STDERR, "unipesa_signature.php: $msg\n");
    exit(2);
}

// ---------------------------------------------------------------------------------------------------------
// Arguments
$repoRoot = dirname(__DIR__, 2);
$seedPath = $repoRoot . '/../shared/seeds/' . SEED_FILE_NAME;
$outPath = $repoRoot . '/tests/vectors/unipesa_signature.json';
$check = false;
foreach (array_slice($argv, 1) as $arg) {
    if ($arg === '--check') {
        $check = true;
    } elseif (str_starts_with($arg, '--out=')) {
        $outPath = substr($arg, 6);
    } elseif (str_starts_with($arg, '--')) {
        fail("unknown option $arg");
    } else {
        $seedPath = $arg;
    }
}
$seed = @file_get_contents($seedPath);
if ($seed === false) {
    fail("cannot read the seed at $seedPath (pass its path as the first argument)");
}

// ---------------------------------------------------------------------------------------------------------
// Extract `function calculateSignature(...) { ... }` from the provider's documents text, using PHP's own tokenizer to find
// the brace that closes the function body.
$start = strpos($seed, 'function calculateSignature');
if ($start === false) {
    fail('the seed has no "function calculateSignature"');
}
$tail = substr($seed, $start);
$prefix = '<?php ';
$consumed = -strlen($prefix);
$depth = 0;
$opened = false;
$closed = false;
foreach (token_get_all($prefix . $tail) as $tok) {
    $consumed += strlen(is_array($tok) ? $tok[1] : $tok);
    if ($tok === '{' || (is_array($tok) && ($tok[0] === T_CURLY_OPEN || $tok[0] === T_DOLLAR_OPEN_CURLY_BRACES))) {
        $depth++;
        $opened = true;
    } elseif ($tok === '}') {
        $depth--;
        if ($opened && $depth === 0) {
            $closed = true;
            break;
        }
    }
}
if (!$closed) {
    fail('could not find the end of calculateSignature in the seed');
}
$original = substr($tail, 0, $consumed);

// FIX: the recursive branch returns `$StringForSignature` (capital S). PHP variables are case-sensitive, so
// that variable is undefined; the evident intent is the accumulator `$stringForSignature`.
$typo = 'return $StringForSignature;';
$intent = 'return $stringForSignature;';
if (substr_count($original, $typo) !== 1) {
    fail('expected exactly one "' . $typo . '" in the seed function; the seed changed, review the fix');
}
$fixed = str_replace($typo, $intent, $original);

// The string-to-sign copy: the final HMAC is replaced by the string it would be computed over.
$hmacExpr = "strtolower(hash_hmac('sha512', \$stringForSignature, \$secretKey))";
if (substr_count($fixed, $hmacExpr) !== 1) {
    fail('expected exactly one "' . $hmacExpr . '" in the seed function; the seed changed');
}
$stringToSignSrc = str_replace($hmacExpr, '$stringForSignature', $fixed);

// Three copies under distinct names (the recursive call is renamed too).
function renamed(string $src, string $name): string
{
    $out = preg_replace('/\bcalculateSignature\b/', $name, $src, -1, $count);
    if ($count !== 2) {
        fail("expected 2 occurrences of calculateSignature (declaration + recursive call), found $count");
    }
    return $out;
}
eval(renamed($fixed, 'unipesa_vector_signature'));
eval(renamed($stringToSignSrc, 'unipesa_vector_string_to_sign'));
eval(renamed($original, 'unipesa_vector_signature_unfixed'));

// ---------------------------------------------------------------------------------------------------------
// Cases. payload_json is the exact JSON text, key order as sent; it is json_decode()d to associative arrays
// (PHP arrays keep insertion order), which is what a PHP server does with a request body.
$seedKey = 'cf11635572c1e8d77297207152dc0791ad91f22b32d23c758ce3ba2637202ad8f7290ba41f2243cccf32edde1dfb8bf0f5dea62525309e293b3adb2c76eed6a5';
if (strpos($seed, $seedKey) === false) {
    fail('the seed no longer contains the documented example secret key');
}
// Test keys: deterministic, public, used only for these vectors.
$key128 = hash('sha512', 'payrail unipesa vector key 128');              // 128 hex chars, like Unipesa's keys
$key256 = hash('sha512', 'payrail long key a') . hash('sha512', 'payrail long key b'); // 256 bytes > SHA-512 block

function nested(int $levels): string
{
    $open = '';
    $close = '';
    for ($i = 1; $i <= $levels; $i++) {
        $open .= '{"k' . $i . '":';
        $close .= '}';
    }
    return $open . '{"v":"1"}' . $close;
}
function nestedEmptyInnermost(int $levels): string
{
    $open = '';
    $close = '';
    for ($i = 1; $i < $levels; $i++) {
        $open .= '{"k' . $i . '":';
        $close .= '}';
    }
    return $open . '{"k' . $levels . '":{}}' . $close;
}

$cases = [
    // --- the provider's documented own examples -------------------------------------------------------------------------
    ['seed_postdata_example', $seedKey,
        '{"merchant_id":"fffed61be9780b97c5e4c65e4e07bb6b","provider_id":10,"client_id":"254000000000","country":"KE","order_id":"order_3444298767545","amount":1000,"currency":"KES","callback_url":"https://my.callback.url"}',
        'The $postData array and $secretKey of the seed, same key order.'],
    ['seed_c2b_bf_orange_otp', $seedKey,
        '{"merchant_id":"your merchant id","customer_id":"2250705145655","order_id":"test_161225_01_1","amount":"1100","currency":"XOF","country":"BF","callback_url":"your callback url","provider_id":"9209","signature":"1c594d338bc3f413bd61cb97d697e98ad5772071da533","extra":{"otp":"5647"}}',
        'The seed\'s Burkina Faso Orange c2b example (its trailing comma removed); the top-level signature is left out, extra.otp is signed as "extra.otp5647".'],
    ['seed_b2c_ngn_bank_transfer', $seedKey,
        '{"merchant_id":"e0fecd91fcb24f348048193b3fb34875ba3722b4","order_id":"0900000001","customer_id":"16280954971628095497","amount":"100.00","currency":"NGN","provider_id":5026,"extra":{"customer_name":"Name Lastname","customer_email": "Name@domen.com","bank_code":"000001"},"signature":"d7d6d76b0e22c6f9d369fa6c24f107053d12bfd24d3b154f2deb6676bf179c123134e1f20879c803be455d81cfe792f00cd8892c26ce7cf5a05beebb9c80843e"}',
        'The seed\'s NGN B2C bank-transfer example (whitespace as in the seed).'],
    ['seed_status_request', $seedKey,
        '{"merchant_id":"cdeffe6210c7fdc7402c13b215455bd8ddec02da0c","order_id":"55584tty848rt","customer_id":"2250768000000","extra":{"otp":"7374"},"signature":"d7d6d76bd12bfd24dytu6u6c803be455d81cfe792f00cd8892c26ce7cf5a05beebb9c80843e"}',
        'The seed\'s status request example.'],
    ['callback_body', $seedKey,
        '{"merchant_id":"fffed61be9780b97c5e4c65e4e07bb6b","operation_type":17,"customer_id":"254000000000","amount":"1000.00","order_id":"order_3444298767545","transaction_id":"12345","transaction_ref":"","status":2,"provider_id":10,"destination_id":"","result":{"code":0,"message":"OK"},"signature":"0000"}',
        'A callback body with the fields docs/providers/unipesa.md#callbacks lists (values invented); result{code,message} signs as "result.code0result.messageOK".'],
    ['key_order_changed', $seedKey,
        '{"provider_id":10,"merchant_id":"fffed61be9780b97c5e4c65e4e07bb6b","client_id":"254000000000","country":"KE","order_id":"order_3444298767545","amount":1000,"currency":"KES","callback_url":"https://my.callback.url"}',
        'seed_postdata_example with merchant_id and provider_id swapped: different string, different signature.'],

    // --- scalars -----------------------------------------------------------------------------------------
    ['true_false_null', $key128, '{"a":true,"b":false,"c":null,"d":"x"}',
        'true -> "1", false -> "", null -> "" (the key is still written).'],
    ['integers', $key128, '{"zero":0,"pos":42,"neg":-17,"negzero":-0,"amount":1000}',
        'JSON -0 is decoded as integer 0 -> "0".'],
    ['float_100_5', $key128, '{"amount":100.5}', null],
    ['float_0_1', $key128, '{"amount":0.1}', null],
    ['float_1_0', $key128, '{"amount":1.0}', 'A float with no fraction prints without ".0": "1".'],
    ['float_exponent_integral', $key128, '{"amount":1e2}', 'JSON 1e2 is a float 100 -> "100".'],
    ['float_1e20', $key128, '{"amount":1e20}', '"1.0E+20".'],
    ['float_1_5e_minus_7', $key128, '{"amount":1.5e-7}', '"1.5E-7".'],
    ['float_negative', $key128, '{"amount":-1.5}', null],
    ['float_negative_zero', $key128, '{"amount":-0.0}', 'A float -0.0 -> "-0".'],
    ['float_precision_14', $key128, '{"amount":1234567.891234567}', 'Rounded to 14 significant digits: "1234567.8912346".'],
    ['float_0_1_plus_0_2', $key128, '{"amount":0.30000000000000004}', 'Shortest round-trip form is 0.30000000000000004, but precision=14 gives "0.3".'],
    ['float_exponent_boundary_1e13', $key128, '{"amount":10000000000000.0}', '14 digits before the point: still fixed notation, "10000000000000".'],
    ['float_exponent_boundary_1e14', $key128, '{"amount":100000000000000.0}', 'Decimal exponent 14 >= precision: "1.0E+14".'],
    ['float_tie_rounds_half_even', $key128, '{"amount":123456789012345.0}', 'Exactly halfway at 14 digits; PHP rounds to even: "1.2345678901234E+14".'],
    ['float_small_boundary', $key128, '{"a":0.0001,"b":0.00001}', '0.0001 -> "0.0001" (exponent -4), 0.00001 -> "1.0E-5" (exponent -5).'],
    ['integer_beyond_2_pow_53', $key128, '{"amount":123456789012345678}',
        'Fits in PHP\'s 64-bit int, so json_decode gives an integer and it prints exactly: "123456789012345678". (JSON.parse in JS would give 123456789012345680: read the number token from the JSON text.)'],
    ['integer_php_int_max', $key128, '{"amount":9223372036854775807}', 'PHP_INT_MAX stays an integer.'],
    ['integer_beyond_php_int_max', $key128, '{"a":9223372036854775808,"b":-9223372036854775809}',
        'Beyond the 64-bit range json_decode gives a float: "9.2233720368548E+18" and "-9.2233720368548E+18".'],

    // --- strings -----------------------------------------------------------------------------------------
    ['strings_unicode_raw', $key128, '{"name":"Ngozi Adébáyọ̀","note":"paid ✅ 😀","city":"Yaoundé"}',
        'Strings are signed as their UTF-8 bytes.'],
    ['strings_unicode_escaped', $key128, '{"name":"Ngozi Ad\u00e9b\u00e1y\u1ecd\u0300","note":"paid \u2705 \ud83d\ude00","city":"Yaound\u00e9"}',
        'Same values as strings_unicode_raw written with \\u escapes (emoji as a surrogate pair): the decoded strings are signed, so string_to_sign and signature equal the raw case.'],
    ['strings_empty_zero_false', $key128, '{"empty":"","zero":"0","false":"false","space":" "}', null],
    ['strings_escapes', $key128, '{"url":"https:\/\/my.callback.url\/cb?x=1&y=2","quote":"say \"hi\"","line":"a\nb\tc","back":"C:\\\\dir"}',
        'JSON escapes are decoded before signing (\\/ -> /, \\n -> newline byte, \\\\ -> one backslash).'],
    ['unicode_key', $key128, '{"clé":"v","ключ":"w"}', 'Keys are signed as their UTF-8 bytes too.'],

    // --- arrays and nesting ------------------------------------------------------------------------------
    ['list_values', $key128, '{"items":["a","b",3,true,null]}', 'A JSON array is a PHP list with keys 0,1,2,...: "items.0a" then "items.1b", "items.23", "items.31", "items.4".'],
    ['list_of_objects', $key128, '{"order_id":"o1","lines":[{"sku":"A","qty":1},{"sku":"B","qty":2}]}', null],
    ['nested_signature_scalar_excluded', $seedKey,
        '{"merchant_id":"m1","order_id":"o1","extra":{"otp":"5647","signature":"nested"},"signature":"top"}',
        'The key test compares the bare key, so a scalar "signature" is left out at every level.'],
    ['top_level_signature_only_excluded', $seedKey, '{"amount":"100.00","signature":"abc"}', null],
    ['signature_object_is_included', $seedKey, '{"a":"1","signature":{"x":"y"}}',
        'is_array() is tested before the key: a "signature" whose value is an object or array is NOT left out ("signature.xy").'],
    ['empty_nested_object', $key128, '{"a":"1","extra":{},"list":[],"b":"2"}', 'Empty objects and arrays contribute nothing, not even their key.'],
    ['numeric_string_keys', $key128, '{"123":"a","b":"c","0":"z","007":"q"}',
        'json_decode turns "123" and "0" into integer keys (order kept); "007" stays a string key. All print as written.'],
    ['dotted_key_collides_with_nesting', $key128, '{"a.b":"1","a":{"b":"2"}}', 'Both pairs print as "a.b..." (the format is ambiguous; the vector just pins it).'],
    ['nesting_depth_15', $key128, nested(15), '15 objects nested below the top level (recursion level 15 < 16): works.'],

    // --- keys --------------------------------------------------------------------------------------------
    ['secret_key_empty', '', '{"merchant_id":"m1","amount":"100.00"}', 'HMAC with an empty key.'],
    ['secret_key_128_hex', $key128, '{"merchant_id":"m1","amount":"100.00"}', 'A 128-hex-char key (128 bytes = the SHA-512 block size, used as is).'],
    ['secret_key_256_chars', $key256, '{"merchant_id":"m1","amount":"100.00"}', 'A 256-char key, longer than the 128-byte block: HMAC hashes it first.'],
    ['secret_key_short', 'secret', '{"merchant_id":"m1","amount":"100.00"}', null],
];

$errorCases = [
    ['nesting_depth_16', nested(16), '16 objects nested below the top level: calculateSignature throws Exception("Recursion level exceeded").'],
    ['nesting_depth_16_empty_innermost', nestedEmptyInnermost(16),
        'The level check runs on entry, so even an EMPTY object at recursion level 16 throws.'],
];

// ---------------------------------------------------------------------------------------------------------
function decodePayload(string $name, string $json): array
{
    $data = json_decode($json, true, 512);
    if (!is_array($data)) {
        fail("case $name: payload_json is not a JSON object (" . json_last_error_msg() . ')');
    }
    return $data;
}

$outCases = [];
$names = [];
foreach ($cases as [$name, $secretKey, $json, $note]) {
    if (isset($names[$name])) {
        fail("duplicate case name $name");
    }
    $names[$name] = true;
    $data = decodePayload($name, $json);
    try {
        $signature = unipesa_vector_signature($data, $secretKey);
        $stringToSign = unipesa_vector_string_to_sign($data, $secretKey);
    } catch (Throwable $e) {
        fail("case $name threw " . get_class($e) . ': ' . $e->getMessage());
    }
    // Self-consistency of the two copies: the signature is the HMAC of the recorded string.
    if (strtolower(hash_hmac('sha512', $stringToSign, $secretKey)) !== $signature) {
        fail("case $name: the string-to-sign copy disagrees with the signing copy");
    }
    $entry = [
        'name' => $name,
        'secret_key' => $secretKey,
        'payload_json' => $json,
        'string_to_sign' => $stringToSign,
        'signature' => $signature,
    ];
    if ($note !== null) {
        $entry['note'] = $note;
    }
    $outCases[] = $entry;
}

$outErrors = [];
foreach ($errorCases as [$name, $json, $note]) {
    $data = decodePayload($name, $json);
    try {
        unipesa_vector_signature($data, $seedKey);
        fail("error case $name did not throw");
    } catch (Exception $e) {
        if ($e->getMessage() !== 'Recursion level exceeded') {
            fail("error case $name threw an unexpected exception");
        }
    }
    $outErrors[] = ['name' => $name, 'payload_json' => $json, 'error' => 'depth', 'php_exception' => 'Exception: Recursion level exceeded', 'note' => $note];
}

// What the function does WITHOUT the fix, literally as published.
function runUnfixed(array $data, string $secretKey): array
{
    $warnings = [];
    set_error_handler(function (int $no, string $str) use (&$warnings) {
        $warnings[] = $str;
        return true;
    });
    try {
        $result = ['returns' => unipesa_vector_signature_unfixed($data, $secretKey)];
    } catch (Throwable $e) {
        $result = ['throws' => get_class($e) . ': ' . $e->getMessage()];
    } finally {
        restore_error_handler();
    }
    $result['php_warnings'] = $warnings;
    return $result;
}
$unfixedNested = $cases[1]; // seed_c2b_bf_orange_otp: has extra{otp}
$unfixedFlat = $cases[0];   // seed_postdata_example: no nesting
$unfixed = [
    'note' => 'The seed function run literally, without the fix. Its declared return type is `string`, so when the '
        . 'recursive branch returns the undefined $StringForSignature (null) PHP raises a warning and then a '
        . 'TypeError: a payload with any nested object or array cannot be signed at all (it does not silently drop '
        . 'the nested pairs). Flat payloads never reach that branch and sign exactly as with the fix.',
    'nested' => ['name' => $unfixedNested[0], 'payload_json' => $unfixedNested[2]]
        + runUnfixed(decodePayload('unfixed', $unfixedNested[2]), $unfixedNested[1]),
    'flat' => ['name' => $unfixedFlat[0], 'payload_json' => $unfixedFlat[2]]
        + runUnfixed(decodePayload('unfixed', $unfixedFlat[2]), $unfixedFlat[1]),
];
if (($unfixed['flat']['returns'] ?? null) !== $outCases[0]['signature']) {
    fail('the unfixed function signs a flat payload differently from the fixed one; review the fix');
}

$out = [
    'source' => 'Unipesa Payment API Gateway documentation (seed ' . SEED_FILE_NAME . '): the PHP function '
        . 'calculateSignature, extracted from the seed text at generation time and run under php-cli',
    'generator' => 'scripts/vectors/unipesa_signature.php',
    'php_version' => PHP_VERSION,
    'php_ini' => ['precision' => ini_get('precision'), 'serialize_precision' => ini_get('serialize_precision')],
    'seed_sha256' => hash('sha256', $seed),
    'function_sha256' => hash('sha256', $original),
    'fix_applied' => 'In the recursive branch, `return $StringForSignature;` (capital S: an undefined variable, '
        . 'PHP variables are case-sensitive) is replaced by `return $stringForSignature;`, the evident intent. '
        . 'string_to_sign comes from a second copy whose final '
        . '`strtolower(hash_hmac(\'sha512\', $stringForSignature, $secretKey))` is replaced by `$stringForSignature`.',
    'decoding' => 'Each payload_json is decoded with json_decode($json, true): JSON objects become ordered PHP '
        . 'arrays, so fields are signed in the order they appear in the text.',
    'cases' => $outCases,
    'errors' => $outErrors,
    'unfixed' => $unfixed,
];

$text = json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR) . "\n";

if ($check) {
    $current = @file_get_contents($outPath);
    if ($current !== $text) {
        fwrite(STDERR, "unipesa_signature.php: $outPath is not what the generator produces now\n");
        exit(1);
    }
    fwrite(STDOUT, "unipesa_signature.php: $outPath is up to date (" . count($outCases) . ' cases, ' . count($outErrors) . " errors)\n");
    exit(0);
}
if (@file_put_contents($outPath, $text) === false) {
    fail("cannot write $outPath");
}
fwrite(STDOUT, 'unipesa_signature.php: wrote ' . count($outCases) . ' cases and ' . count($outErrors) . " error cases to $outPath\n");
