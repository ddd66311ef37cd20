// InstitutionJson: the institution's settings in the desktop's shape and back, a PUT's merge of
// the fields it carries, each bad field refused by name with the settings unchanged, and the
// monitor feed's institution_config event through MessageCodec.

#include "protocol/InstitutionJson.h"
#include "protocol/MessageCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using ddalab::Classification;
using ddalab::InstitutionSettings;
using ddalab::ShareExpiryRules;
namespace institution_json = ddalab::protocol::institution_json;

namespace {

InstitutionSettings sample()
{
    InstitutionSettings settings;
    settings.id = u"inst-1"_s;
    settings.name = u"Neuro Lab"_s;
    settings.allowFederation = true;
    settings.federatedInstitutions = {u"inst-2"_s, u"inst-3"_s};
    return settings;
}

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class tst_InstitutionJson : public QObject
{
    Q_OBJECT

private slots:
    void desktopShapeAndExtras();
    void neverIsZeroForTheDesktop();
    void mergeKeepsAbsentFields();
    void wholeObjectReplaces();
    void badFieldRefusedByName_data();
    void badFieldRefusedByName();
    void maxAndDefaultsCheckedTogether();
    void hipaaCapsThePhiDefault();
    void readRequiresEveryField();
    void eventRoundTrip();
    void snapshotCarriesInstitution();
};

void tst_InstitutionJson::desktopShapeAndExtras()
{
    const QJsonObject json = institution_json::toJson(sample());
    QCOMPARE(json.value("id"_L1).toString(), u"inst-1"_s);
    QCOMPARE(json.value("name"_L1).toString(), u"Neuro Lab"_s);
    QCOMPARE(json.value("hipaa_mode"_L1), QJsonValue(false));
    QCOMPARE(json.value("default_share_expiry_days"_L1), QJsonValue(30));
    QCOMPARE(json.value("allow_federation"_L1), QJsonValue(true));
    QCOMPARE(json.value("federated_institutions"_L1).toArray(),
             QJsonArray({u"inst-2"_s, u"inst-3"_s}));
    const QJsonObject days = json.value("share_expiry_days"_L1).toObject();
    QCOMPARE(days.value("phi"_L1), QJsonValue(7));
    QCOMPARE(days.value("de_identified"_L1), QJsonValue(30));
    QCOMPARE(days.value("synthetic"_L1), QJsonValue(90));
    QCOMPARE(days.value("unclassified"_L1), QJsonValue(30));
    QCOMPARE(json.value("max_share_expiry_days"_L1), QJsonValue(365));
    QCOMPARE(json.value("phi_max_share_expiry_days"_L1), QJsonValue(30));
}

void tst_InstitutionJson::neverIsZeroForTheDesktop()
{
    QString error;
    const auto never = institution_json::applyUpdate(parse(R"({"default_share_expiry_days":0})"),
                                                     sample(), &error);
    QVERIFY2(never, qPrintable(error));
    QCOMPARE(never->expiry.defaultDays(Classification::Unclassified), std::nullopt);
    const QJsonObject json = institution_json::toJson(*never);
    QCOMPARE(json.value("default_share_expiry_days"_L1), QJsonValue(0));
    QVERIFY(json.value("share_expiry_days"_L1).toObject().value("unclassified"_L1).isNull());

    const auto viaNull = institution_json::applyUpdate(
        parse(R"({"share_expiry_days":{"unclassified":null}})"), sample(), &error);
    QVERIFY2(viaNull, qPrintable(error));
    QCOMPARE(*viaNull, *never);
}

void tst_InstitutionJson::mergeKeepsAbsentFields()
{
    QString error;
    const auto updated = institution_json::applyUpdate(
        parse(R"({"name":"Renamed","share_expiry_days":{"synthetic":60}})"), sample(), &error);
    QVERIFY2(updated, qPrintable(error));
    InstitutionSettings expected = sample();
    expected.name = u"Renamed"_s;
    QVERIFY(expected.expiry.setDefaultDays(Classification::Synthetic, 60));
    QCOMPARE(*updated, expected);

    // The desktop may leave federated_institutions out or send null: the list stays.
    const auto nullList = institution_json::applyUpdate(parse(R"({"federated_institutions":null})"),
                                                        sample(), &error);
    QVERIFY2(nullList, qPrintable(error));
    QCOMPARE(nullList->federatedInstitutions, sample().federatedInstitutions);
}

void tst_InstitutionJson::wholeObjectReplaces()
{
    // What the desktop sends back after editing: its whole object.
    QString error;
    const auto updated = institution_json::applyUpdate(
        parse(R"({"id":"inst-9","name":"Other","hipaa_mode":true,"default_share_expiry_days":14,
                  "allow_federation":false,"federated_institutions":[]})"),
        sample(), &error);
    QVERIFY2(updated, qPrintable(error));
    QCOMPARE(updated->id, u"inst-9"_s);
    QCOMPARE(updated->name, u"Other"_s);
    QVERIFY(updated->hipaaMode());
    QCOMPARE(updated->expiry.defaultDays(Classification::Unclassified), std::optional(14));
    QVERIFY(!updated->allowFederation);
    QVERIFY(updated->federatedInstitutions.isEmpty());
    // And reads back from its own JSON.
    const auto again =
        institution_json::applyUpdate(institution_json::toJson(*updated), sample(), &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(*again, *updated);
}

void tst_InstitutionJson::badFieldRefusedByName_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    const QByteArray longName = "\"" + QByteArray(201, 'n') + "\"";
    QTest::newRow("id empty") << QByteArray(R"({"id":""})") << u"id"_s;
    QTest::newRow("id number") << QByteArray(R"({"id":5})") << u"id"_s;
    QTest::newRow("id too long") << (R"({"id":")" + QByteArray(129, 'i') + R"("})") << u"id"_s;
    QTest::newRow("name too long") << ("{\"name\":" + longName + "}") << u"name"_s;
    QTest::newRow("name control") << QByteArray(R"({"name":"a\u0007b"})") << u"name"_s;
    QTest::newRow("hipaa string") << QByteArray(R"({"hipaa_mode":"yes"})") << u"hipaa_mode"_s;
    QTest::newRow("federation null")
        << QByteArray(R"({"allow_federation":null})") << u"allow_federation"_s;
    QTest::newRow("federated not array")
        << QByteArray(R"({"federated_institutions":"x"})") << u"federated_institutions"_s;
    QTest::newRow("federated duplicate")
        << QByteArray(R"({"federated_institutions":["a","a"]})") << u"federated_institutions"_s;
    QByteArray many = "{\"federated_institutions\":[";
    for (int i = 0; i <= InstitutionSettings::kMaxFederatedInstitutions; ++i)
        many += (i ? ",\"" : "\"") + QByteArray::number(i) + "\"";
    QTest::newRow("federated too many") << (many + "]}") << u"federated_institutions"_s;
    QTest::newRow("default negative")
        << QByteArray(R"({"default_share_expiry_days":-1})") << u"default_share_expiry_days"_s;
    QTest::newRow("default fraction")
        << QByteArray(R"({"default_share_expiry_days":1.5})") << u"default_share_expiry_days"_s;
    QTest::newRow("default over max")
        << QByteArray(R"({"default_share_expiry_days":400})") << u"default_share_expiry_days"_s;
    QTest::newRow("phi never") << QByteArray(R"({"share_expiry_days":{"phi":null}})")
                               << u"share_expiry_days.phi"_s;
    QTest::newRow("synthetic zero") << QByteArray(R"({"share_expiry_days":{"synthetic":0}})")
                                    << u"share_expiry_days.synthetic"_s;
    QTest::newRow("unknown class")
        << QByteArray(R"({"share_expiry_days":{"secret":3}})") << u"share_expiry_days.secret"_s;
    QTest::newRow("days not object")
        << QByteArray(R"({"share_expiry_days":7})") << u"share_expiry_days"_s;
    QTest::newRow("two names differ")
        << QByteArray(R"({"default_share_expiry_days":10,"share_expiry_days":{"unclassified":20}})")
        << u"default_share_expiry_days"_s;
    QTest::newRow("max zero") << QByteArray(R"({"max_share_expiry_days":0})")
                              << u"max_share_expiry_days"_s;
    QTest::newRow("max huge") << QByteArray(R"({"max_share_expiry_days":36501})")
                              << u"max_share_expiry_days"_s;
    QTest::newRow("phi max string")
        << QByteArray(R"({"phi_max_share_expiry_days":"30"})") << u"phi_max_share_expiry_days"_s;
}

void tst_InstitutionJson::badFieldRefusedByName()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    QVERIFY(!object.isEmpty());
    QString error;
    const auto updated = institution_json::applyUpdate(object, sample(), &error);
    QVERIFY(!updated);
    QVERIFY2(error.contains(u"'"_s + field + u"'"_s), qPrintable(error));
}

void tst_InstitutionJson::maxAndDefaultsCheckedTogether()
{
    QString error;
    // Lowering the maximum and the defaults it caps in one request is fine...
    const auto lowered = institution_json::applyUpdate(
        parse(R"({"max_share_expiry_days":20,"share_expiry_days":{"phi":5,"de_identified":20,
                  "synthetic":20,"unclassified":20}})"),
        sample(), &error);
    QVERIFY2(lowered, qPrintable(error));
    QCOMPARE(lowered->expiry.maxDays(), 20);
    // ...the maximum alone, below a default, names that default and the maximum.
    const auto refused =
        institution_json::applyUpdate(parse(R"({"max_share_expiry_days":60})"), sample(), &error);
    QVERIFY(!refused);
    QVERIFY2(error.contains("share_expiry_days.synthetic"_L1) &&
                 error.contains("max_share_expiry_days"_L1),
             qPrintable(error));
}

void tst_InstitutionJson::hipaaCapsThePhiDefault()
{
    QString error;
    // Off: a phi default above the phi maximum is allowed (only the maximum caps it).
    const auto off = institution_json::applyUpdate(parse(R"({"share_expiry_days":{"phi":60}})"),
                                                   sample(), &error);
    QVERIFY2(off, qPrintable(error));
    // Turning HIPAA mode on then is refused, naming the phi default and the phi maximum.
    const auto on = institution_json::applyUpdate(parse(R"({"hipaa_mode":true})"), *off, &error);
    QVERIFY(!on);
    QVERIFY2(error.contains("share_expiry_days.phi"_L1) &&
                 error.contains("phi_max_share_expiry_days"_L1),
             qPrintable(error));
    // With the phi maximum raised in the same request it is fine.
    const auto both = institution_json::applyUpdate(
        parse(R"({"hipaa_mode":true,"phi_max_share_expiry_days":60})"), *off, &error);
    QVERIFY2(both, qPrintable(error));
    QVERIFY(both->hipaaMode());
    QCOMPARE(both->expiry.phiMaxDays(), 60);
}

void tst_InstitutionJson::readRequiresEveryField()
{
    const QJsonObject full = institution_json::toJson(sample());
    {
        ddalab::protocol::JsonFieldReader reader(full);
        const InstitutionSettings read = institution_json::read(reader);
        QVERIFY2(reader.ok(), qPrintable(reader.error()));
        QCOMPARE(read, sample());
    }
    for (const QString &name : full.keys()) {
        if (name == "default_share_expiry_days"_L1) // derived from share_expiry_days
            continue;
        QJsonObject missing = full;
        missing.remove(name);
        ddalab::protocol::JsonFieldReader reader(missing);
        institution_json::read(reader);
        QVERIFY2(!reader.ok(), qPrintable(name));
        QVERIFY2(reader.error().contains(name), qPrintable(reader.error()));
    }
    QJsonObject partialDays = full;
    partialDays.insert("share_expiry_days"_L1, QJsonObject{{"phi"_L1, 7}});
    ddalab::protocol::JsonFieldReader reader(partialDays);
    institution_json::read(reader);
    QVERIFY(!reader.ok());
}

void tst_InstitutionJson::eventRoundTrip()
{
    using namespace ddalab::protocol;
    InstitutionSettings settings = sample();
    settings.expiry.setHipaaMode(true);
    QVERIFY(settings.expiry.setDefaultDays(Classification::Unclassified, std::nullopt));
    const QByteArray frame = MessageCodec::encodeEvent(InstitutionConfig{settings});
    QCOMPARE(QJsonDocument::fromJson(frame).object().value("type"_L1).toString(),
             u"institution_config"_s);
    const DecodedServerFrame decoded = MessageCodec::decodeServerFrame(frame);
    const auto *event = std::get_if<Event>(&decoded);
    QVERIFY(event);
    const auto *config = std::get_if<InstitutionConfig>(event);
    QVERIFY(config);
    QCOMPARE(config->settings, settings);
}

void tst_InstitutionJson::snapshotCarriesInstitution()
{
    using namespace ddalab::protocol;
    MonitorSnapshot snapshot;
    snapshot.startedAt = QDateTime::fromMSecsSinceEpoch(1759478400000, Qt::UTC);
    snapshot.stats.serverTime = snapshot.startedAt;
    snapshot.institution = sample();
    const DecodedServerFrame decoded =
        MessageCodec::decodeServerFrame(MessageCodec::encodeReply(snapshot));
    const auto *reply = std::get_if<IncomingReply>(&decoded);
    QVERIFY(reply);
    const auto *read = std::get_if<MonitorSnapshot>(&reply->reply);
    QVERIFY(read);
    QCOMPARE(read->institution, std::optional(sample()));
}

QTEST_GUILESS_MAIN(tst_InstitutionJson)
#include "tst_institutionjson.moc"
