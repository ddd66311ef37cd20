#include "InstitutionJson.h"

#include "IdRules.h"

#include <QJsonArray>

#include <array>
#include <cmath>

namespace ddalab::protocol::institution_json {

using namespace Qt::StringLiterals;

namespace {

constexpr std::array kClassifications = {Classification::Phi, Classification::DeIdentified,
                                         Classification::Synthetic, Classification::Unclassified};

// The expiry settings as plain values, so that a PUT can change several at once and have them
// checked together by buildRules.
struct ExpiryValues
{
    std::array<std::optional<int>, 4> defaultDays; // by Classification
    int maxDays = ShareExpiryRules::kDefaultMaxDays;
    int phiMaxDays = ShareExpiryRules::kDefaultPhiMaxDays;
    bool hipaaMode = false;

    static ExpiryValues of(const ShareExpiryRules &rules)
    {
        ExpiryValues values;
        for (Classification classification : kClassifications)
            values.defaultDays[size_t(classification)] = rules.defaultDays(classification);
        values.maxDays = rules.maxDays();
        values.phiMaxDays = rules.phiMaxDays();
        values.hipaaMode = rules.hipaaMode();
        return values;
    }
};

// Quoted as errors quote a field.
QString defaultField(Classification classification)
{
    if (classification == Classification::Unclassified)
        return u"'share_expiry_days.unclassified' ('default_share_expiry_days')"_s;
    return u"'share_expiry_days.%1'"_s.arg(classificationName(classification));
}

QString daysRange(int least)
{
    return u"a whole number of days from %1 to %2"_s.arg(least).arg(ShareExpiryRules::kLongestDays);
}

std::optional<ShareExpiryRules> buildRules(const ExpiryValues &values, QString *error)
{
    ShareExpiryRules rules;
    // One day fits under any maximum: the maxima go in first, then each default is checked
    // against them, which is how ShareExpiryRules judges them.
    for (Classification classification : kClassifications)
        rules.setDefaultDays(classification, 1);
    if (!rules.setMaxDays(values.maxDays)) {
        *error = u"field 'max_share_expiry_days' must be %1"_s.arg(daysRange(1));
        return std::nullopt;
    }
    if (!rules.setPhiMaxDays(values.phiMaxDays)) {
        *error = u"field 'phi_max_share_expiry_days' must be %1"_s.arg(daysRange(1));
        return std::nullopt;
    }
    rules.setHipaaMode(values.hipaaMode);
    for (Classification classification : kClassifications) {
        const std::optional<int> days = values.defaultDays[size_t(classification)];
        if (rules.setDefaultDays(classification, days))
            continue;
        const QString field = defaultField(classification);
        if (!days)
            *error = u"field %1 may not be null (never): only unclassified shares may last "
                     "for ever"_s.arg(field);
        else if (values.hipaaMode && classification == Classification::Phi &&
                 values.phiMaxDays < values.maxDays)
            *error = u"field %1 is %2 days, more than phi_max_share_expiry_days (%3), which "
                     "caps phi shares in HIPAA mode"_s.arg(field)
                         .arg(*days)
                         .arg(values.phiMaxDays);
        else
            *error = u"field %1 is %2 days, more than max_share_expiry_days (%3)"_s.arg(field)
                         .arg(*days)
                         .arg(values.maxDays);
        return std::nullopt;
    }
    return rules;
}

std::optional<int> wholeNumber(const QJsonValue &value, int least, int most)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number != std::trunc(number) || number < least || number > most)
        return std::nullopt;
    return int(number);
}

bool isText(const QString &text, qsizetype maxBytes)
{
    return text.toUtf8().size() <= maxBytes && ids::isPrintable(text);
}

bool readText(const QJsonObject &body, QLatin1StringView name, qsizetype maxBytes, bool mayBeEmpty,
              QString *text, QString *error)
{
    const QJsonValue value = body.value(name);
    if (!value.isString() || (!mayBeEmpty && value.toString().isEmpty()) ||
        !isText(value.toString(), maxBytes)) {
        *error =
            u"field '%1' must be a string of %2 to %3 bytes without control characters"_s.arg(name)
                .arg(mayBeEmpty ? 0 : 1)
                .arg(maxBytes);
        return false;
    }
    *text = value.toString();
    return true;
}

bool readBool(const QJsonObject &body, QLatin1StringView name, bool *flag, QString *error)
{
    const QJsonValue value = body.value(name);
    if (!value.isBool()) {
        *error = u"field '%1' must be true or false"_s.arg(name);
        return false;
    }
    *flag = value.toBool();
    return true;
}

bool readFederated(const QJsonValue &value, QStringList *institutions, QString *error)
{
    *error = u"field 'federated_institutions' must be an array of at most %1 distinct strings of "
             "1 to %2 bytes without control characters"_s
                 .arg(InstitutionSettings::kMaxFederatedInstitutions)
                 .arg(InstitutionSettings::kMaxFederatedIdBytes);
    if (!value.isArray() || value.toArray().size() > InstitutionSettings::kMaxFederatedInstitutions)
        return false;
    QStringList read;
    for (const QJsonValue &entry : value.toArray()) {
        const QString id = entry.toString();
        if (!entry.isString() || id.isEmpty() ||
            !isText(id, InstitutionSettings::kMaxFederatedIdBytes) || read.contains(id))
            return false;
        read.append(id);
    }
    error->clear();
    *institutions = read;
    return true;
}

// The classifications present in share_expiry_days (all of them when allRequired); unknown
// keys are refused, so that a misspelt one is not silently ignored.
bool readExpiryDays(const QJsonValue &value, bool allRequired, ExpiryValues *values, QString *error)
{
    if (!value.isObject()) {
        *error = u"field 'share_expiry_days' must be an object of phi, de_identified, synthetic "
                 "and unclassified"_s;
        return false;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!classificationFromName(it.key())) {
            *error = u"field 'share_expiry_days.%1' is not a classification (phi, de_identified, "
                     "synthetic, unclassified)"_s.arg(it.key());
            return false;
        }
    }
    for (Classification classification : kClassifications) {
        const QString name = classificationName(classification);
        const QJsonValue days = object.value(name);
        if (days.isUndefined()) {
            if (!allRequired)
                continue;
            *error = u"missing field 'share_expiry_days.%1'"_s.arg(name);
            return false;
        }
        if (days.isNull()) { // never: buildRules refuses it but for unclassified
            values->defaultDays[size_t(classification)] = std::nullopt;
            continue;
        }
        const std::optional<int> number = wholeNumber(days, 1, ShareExpiryRules::kLongestDays);
        if (!number) {
            *error =
                u"field 'share_expiry_days.%1' must be %2, or null (never) for unclassified"_s.arg(
                    name, daysRange(1));
            return false;
        }
        values->defaultDays[size_t(classification)] = number;
    }
    return true;
}

bool readDays(const QJsonObject &body, QLatin1StringView name, int *days, QString *error)
{
    const std::optional<int> number =
        wholeNumber(body.value(name), 1, ShareExpiryRules::kLongestDays);
    if (!number) {
        *error = u"field '%1' must be %2"_s.arg(name, daysRange(1));
        return false;
    }
    *days = *number;
    return true;
}

bool readDefaultDays(const QJsonObject &body, ExpiryValues *values, QString *error)
{
    const std::optional<int> number =
        wholeNumber(body.value("default_share_expiry_days"_L1), 0, ShareExpiryRules::kLongestDays);
    if (!number) {
        *error = u"field 'default_share_expiry_days' must be %1 (0: never)"_s.arg(daysRange(0));
        return false;
    }
    const std::optional<int> unclassified = *number == 0 ? std::nullopt : number;
    // Both given: they are one setting and must agree.
    const QJsonObject perClassification = body.value("share_expiry_days"_L1).toObject();
    if (perClassification.contains("unclassified"_L1) &&
        values->defaultDays[size_t(Classification::Unclassified)] != unclassified) {
        *error = u"fields 'default_share_expiry_days' and 'share_expiry_days.unclassified' are one "
                 "setting and differ"_s;
        return false;
    }
    values->defaultDays[size_t(Classification::Unclassified)] = unclassified;
    return true;
}

} // namespace

QJsonObject toJson(const InstitutionSettings &settings)
{
    const ShareExpiryRules &expiry = settings.expiry;
    QJsonObject days;
    for (Classification classification : kClassifications) {
        const std::optional<int> value = expiry.defaultDays(classification);
        days.insert(classificationName(classification), value ? QJsonValue(*value) : QJsonValue());
    }
    return {
        {"id"_L1, settings.id},
        {"name"_L1, settings.name},
        {"hipaa_mode"_L1, settings.hipaaMode()},
        {"default_share_expiry_days"_L1,
         expiry.defaultDays(Classification::Unclassified).value_or(0)},
        {"allow_federation"_L1, settings.allowFederation},
        {"federated_institutions"_L1, QJsonArray::fromStringList(settings.federatedInstitutions)},
        {"share_expiry_days"_L1, days},
        {"max_share_expiry_days"_L1, expiry.maxDays()},
        {"phi_max_share_expiry_days"_L1, expiry.phiMaxDays()},
    };
}

std::optional<InstitutionSettings> applyUpdate(const QJsonObject &body,
                                               const InstitutionSettings &current, QString *error)
{
    InstitutionSettings next = current;
    ExpiryValues expiry = ExpiryValues::of(current.expiry);
    const auto present = [&body](QLatin1StringView name) {
        return body.contains(name);
    };

    if (present("id"_L1) &&
        !readText(body, "id"_L1, InstitutionSettings::kMaxIdBytes, false, &next.id, error))
        return std::nullopt;
    if (present("name"_L1) &&
        !readText(body, "name"_L1, InstitutionSettings::kMaxNameBytes, true, &next.name, error))
        return std::nullopt;
    if (present("hipaa_mode"_L1) && !readBool(body, "hipaa_mode"_L1, &expiry.hipaaMode, error))
        return std::nullopt;
    if (present("allow_federation"_L1) &&
        !readBool(body, "allow_federation"_L1, &next.allowFederation, error))
        return std::nullopt;
    // The desktop may leave the list out, or send null for it: the list stays.
    const QJsonValue federated = body.value("federated_institutions"_L1);
    if (!federated.isUndefined() && !federated.isNull() &&
        !readFederated(federated, &next.federatedInstitutions, error))
        return std::nullopt;
    if (present("share_expiry_days"_L1) &&
        !readExpiryDays(body.value("share_expiry_days"_L1), false, &expiry, error))
        return std::nullopt;
    if (present("default_share_expiry_days"_L1) && !readDefaultDays(body, &expiry, error))
        return std::nullopt;
    if (present("max_share_expiry_days"_L1) &&
        !readDays(body, "max_share_expiry_days"_L1, &expiry.maxDays, error))
        return std::nullopt;
    if (present("phi_max_share_expiry_days"_L1) &&
        !readDays(body, "phi_max_share_expiry_days"_L1, &expiry.phiMaxDays, error))
        return std::nullopt;

    std::optional<ShareExpiryRules> rules = buildRules(expiry, error);
    if (!rules)
        return std::nullopt;
    next.expiry = *rules;
    return next;
}

InstitutionSettings read(JsonFieldReader &reader)
{
    // Every field must be there; then they are checked as a PUT checks them.
    QJsonObject body;
    body.insert("id"_L1, reader.requiredString("id"_L1, InstitutionSettings::kMaxIdBytes));
    body.insert("name"_L1, reader.requiredString("name"_L1, InstitutionSettings::kMaxNameBytes));
    body.insert("hipaa_mode"_L1, reader.requiredBool("hipaa_mode"_L1));
    body.insert("allow_federation"_L1, reader.requiredBool("allow_federation"_L1));
    body.insert("federated_institutions"_L1,
                reader.requiredArray("federated_institutions"_L1,
                                     InstitutionSettings::kMaxFederatedInstitutions));
    body.insert("share_expiry_days"_L1, reader.requiredObject("share_expiry_days"_L1));
    body.insert("max_share_expiry_days"_L1, reader.requiredInteger("max_share_expiry_days"_L1, 1,
                                                                   ShareExpiryRules::kLongestDays));
    body.insert(
        "phi_max_share_expiry_days"_L1,
        reader.requiredInteger("phi_max_share_expiry_days"_L1, 1, ShareExpiryRules::kLongestDays));
    if (!reader.ok())
        return {};
    QString error;
    ExpiryValues unused;
    if (!readExpiryDays(body.value("share_expiry_days"_L1), true, &unused, &error)) {
        reader.fail(error);
        return {};
    }
    std::optional<InstitutionSettings> settings = applyUpdate(body, InstitutionSettings{}, &error);
    if (!settings) {
        reader.fail(error);
        return {};
    }
    return *settings;
}

} // namespace ddalab::protocol::institution_json
