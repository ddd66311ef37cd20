#include "InstitutionTable.h"

#include "SqlConnection.h"
#include "logging/LogCategories.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QVariant>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

QVariant nullableDays(std::optional<int> days)
{
    return days ? QVariant(*days) : QVariant(QMetaType::fromType<int>());
}

} // namespace

bool InstitutionTable::insertIfMissing(const InstitutionSettings &settings, const QDateTime &now)
{
    return store(u"insert_institution_settings"_s, settings, now);
}

bool InstitutionTable::write(const InstitutionSettings &settings, const QDateTime &now)
{
    return store(u"upsert_institution_settings"_s, settings, now);
}

bool InstitutionTable::store(const QString &statement, const InstitutionSettings &settings,
                             const QDateTime &now)
{
    const ShareExpiryRules &expiry = settings.expiry;
    SqlStatement upsert = m_connection.prepare(statement);
    upsert.bind(u":institution_id"_s, settings.id);
    // A null QString binds as SQL NULL; no name is the empty one.
    upsert.bind(u":name"_s, settings.name.isNull() ? u""_s : settings.name);
    upsert.bind(u":hipaa_mode"_s, settings.hipaaMode());
    upsert.bind(u":allow_federation"_s, settings.allowFederation);
    upsert.bind(
        u":federated_institutions"_s,
        QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(settings.federatedInstitutions))
                              .toJson(QJsonDocument::Compact)));
    upsert.bind(u":phi_expiry_days"_s, nullableDays(expiry.defaultDays(Classification::Phi)));
    upsert.bind(u":de_identified_expiry_days"_s,
                nullableDays(expiry.defaultDays(Classification::DeIdentified)));
    upsert.bind(u":synthetic_expiry_days"_s,
                nullableDays(expiry.defaultDays(Classification::Synthetic)));
    upsert.bind(u":unclassified_expiry_days"_s,
                nullableDays(expiry.defaultDays(Classification::Unclassified)));
    upsert.bind(u":max_expiry_days"_s, expiry.maxDays());
    upsert.bind(u":phi_max_expiry_days"_s, expiry.phiMaxDays());
    upsert.bind(u":updated_at_ms"_s, now.toMSecsSinceEpoch());
    return upsert.exec();
}

std::optional<InstitutionResult> InstitutionTable::read()
{
    // select_institution_settings' columns.
    enum Column {
        Id,
        Name,
        HipaaMode,
        AllowFederation,
        Federated,
        PhiDays,
        DeIdentifiedDays,
        SyntheticDays,
        UnclassifiedDays,
        MaxDays,
        PhiMaxDays
    };

    SqlStatement select = m_connection.prepare(u"select_institution_settings"_s);
    if (!select.exec())
        return std::nullopt;
    if (!select.next()) {
        qCWarning(lcStorage) << "institution_settings has no row";
        return std::nullopt;
    }
    InstitutionSettings settings;
    settings.id = select.value(Id).toString();
    settings.name = select.value(Name).toString();
    settings.allowFederation = select.value(AllowFederation).toBool();
    for (const QJsonValue &id :
         QJsonDocument::fromJson(select.value(Federated).toString().toUtf8()).array())
        settings.federatedInstitutions.append(id.toString());

    // Defaults of one day fit under any maximum: the maxima go in first, as the rules check
    // each default against them.
    ShareExpiryRules &expiry = settings.expiry;
    const std::pair<Classification, Column> defaults[] = {
        {Classification::Phi, PhiDays},
        {Classification::DeIdentified, DeIdentifiedDays},
        {Classification::Synthetic, SyntheticDays},
        {Classification::Unclassified, UnclassifiedDays}};
    for (const auto &[classification, column] : defaults)
        expiry.setDefaultDays(classification, 1);
    bool valid = expiry.setMaxDays(select.value(MaxDays).toInt()) &&
                 expiry.setPhiMaxDays(select.value(PhiMaxDays).toInt());
    expiry.setHipaaMode(select.value(HipaaMode).toBool());
    for (const auto &[classification, column] : defaults) {
        const std::optional<int> days =
            select.isNull(column) ? std::nullopt : std::optional(select.value(column).toInt());
        valid = valid && expiry.setDefaultDays(classification, days);
    }
    if (!valid) {
        qCWarning(lcStorage) << "institution_settings holds expiry days the rules refuse";
        return std::nullopt;
    }
    return InstitutionResult{InstitutionResult::Status::Found, settings, {}};
}

} // namespace ddalab
