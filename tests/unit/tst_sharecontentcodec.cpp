// The content metadata of shares in the codec: which id a desktop may publish under which name
// (content_id for the later desktops, result_id for the first), content types and
// classifications with their defaults, the broker's own counts (which a desktop cannot set), and
// how every share the broker sends carries all of it.

#include "protocol/FieldLimits.h"
#include "protocol/MessageCodec.h"
#include "protocol/Messages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace ddalab::protocol;

Q_DECLARE_METATYPE(ddalab::ContentType)
Q_DECLARE_METATYPE(ddalab::Classification)
Q_DECLARE_METATYPE(ddalab::ShareUsage)

namespace {

const QString kToken = u"q3Zk8w0bXc1uN5pL2aR7-_"_s;
const QDateTime kCreatedAt(QDate(2026, 3, 3), QTime(12, 0, 0, 123), Qt::UTC);
const QDateTime kAccessedAt(QDate(2026, 3, 4), QTime(8, 30, 0, 5), Qt::UTC);

// Metadata as the later desktops publish it, without an id (the rows add theirs).
QJsonObject metadataWithoutId()
{
    return {{"owner_user_id"_L1, "alice@institution.edu"_L1},
            {"title"_L1, "My DDA Analysis"_L1},
            {"description"_L1, QJsonValue::Null},
            {"created_at"_L1, "2026-03-03T12:00:00.123456789Z"_L1},
            {"access_policy"_L1, QJsonObject{{"type"_L1, "public"_L1}}}};
}

QJsonObject with(QJsonObject object, const QString &key, const QJsonValue &value)
{
    object.insert(key, value); // an Undefined value removes the key
    return object;
}

QByteArray publishFrame(const QJsonObject &metadata)
{
    const QJsonObject message{
        {"type"_L1, "publish_share"_L1}, {"token"_L1, kToken}, {"metadata"_L1, metadata}};
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

QString describe(const DecodedFrame &frame)
{
    if (const auto *failure = std::get_if<DecodeFailure>(&frame))
        return u"DecodeFailure(%1)"_s.arg(failure->message);
    if (std::holds_alternative<IgnoredMessage>(frame))
        return u"IgnoredMessage"_s;
    return u"IncomingRequest"_s;
}

// The published metadata, or nullopt (the test has failed) when the frame did not decode as one.
std::optional<ShareMetadata> decodedMetadata(const QJsonObject &metadata)
{
    const DecodedFrame decoded = MessageCodec::decodeRequest(publishFrame(metadata));
    const auto *incoming = std::get_if<IncomingRequest>(&decoded);
    const auto *publish = incoming ? std::get_if<PublishShare>(&incoming->request) : nullptr;
    if (!publish) {
        QTest::qFail(qPrintable(describe(decoded)), __FILE__, __LINE__);
        return std::nullopt;
    }
    return publish->metadata;
}

ShareInfo sampleInfo(const ShareUsage &usage)
{
    ShareInfo info;
    info.token = kToken;
    info.metadata.ownerUserId = u"alice@institution.edu"_s;
    info.metadata.resultId = u"content-uuid"_s;
    info.metadata.contentType = ContentType::ParameterSet;
    info.metadata.title = u"Parameters"_s;
    info.metadata.createdAt = kCreatedAt;
    info.metadata.accessPolicy = AccessPolicy::makePublic();
    info.metadata.classification = Classification::Synthetic;
    info.usage = usage;
    return info;
}

QJsonObject sentMetadata(const QByteArray &frame)
{
    return QJsonDocument::fromJson(frame)
        .object()
        .value("info"_L1)
        .toObject()
        .value("metadata"_L1)
        .toObject();
}

} // namespace

class tst_ShareContentCodec : public QObject
{
    Q_OBJECT

private slots:
    void contentIdUnderEitherName_data();
    void contentIdUnderEitherName();
    void refusedContentIds_data();
    void refusedContentIds();
    void everyContentType_data();
    void everyContentType();
    void everyClassification_data();
    void everyClassification();
    void absentOrNullChoicesReadAsDefaults_data();
    void absentOrNullChoicesReadAsDefaults();
    void unknownChoicesAreRefused_data();
    void unknownChoicesAreRefused();
    void desktopCountsAreIgnored_data();
    void desktopCountsAreIgnored();
    void unknownMetadataFieldsAreIgnored();
    void sentMetadataCarriesEverything_data();
    void sentMetadataCarriesEverything();
    void sentMetadataReadsBack();
};

void tst_ShareContentCodec::contentIdUnderEitherName_data()
{
    QTest::addColumn<QJsonValue>("contentId");
    QTest::addColumn<QJsonValue>("resultId");

    const QJsonValue id(u"content-uuid"_s);
    const QJsonValue absent(QJsonValue::Undefined);
    const QJsonValue null(QJsonValue::Null);
    QTest::newRow("content_id alone (generations 2 and 3)") << id << absent;
    QTest::newRow("result_id alone (generation 1)") << absent << id;
    QTest::newRow("both, equal") << id << id;
    QTest::newRow("content_id, result_id null") << id << null;
    QTest::newRow("result_id, content_id null") << null << id;
}

void tst_ShareContentCodec::contentIdUnderEitherName()
{
    QFETCH(QJsonValue, contentId);
    QFETCH(QJsonValue, resultId);

    const auto metadata = decodedMetadata(
        with(with(metadataWithoutId(), u"content_id"_s, contentId), u"result_id"_s, resultId));
    if (!metadata)
        return;
    QCOMPARE(metadata->resultId, u"content-uuid"_s);
}

void tst_ShareContentCodec::refusedContentIds_data()
{
    QTest::addColumn<QJsonValue>("contentId");
    QTest::addColumn<QJsonValue>("resultId");
    QTest::addColumn<QString>("expected");

    const QJsonValue absent(QJsonValue::Undefined);
    const QJsonValue null(QJsonValue::Null);
    QTest::newRow("both, different")
        << QJsonValue(u"content-a"_s) << QJsonValue(u"content-b"_s)
        << u"publish_share: fields 'metadata.content_id' and 'metadata.result_id' differ; send "
           "one, or both alike"_s;
    QTest::newRow("neither") << absent << absent
                             << u"missing field 'metadata.content_id' (or 'metadata.result_id')"_s;
    QTest::newRow("both null")
        << null << null << u"missing field 'metadata.content_id' (or 'metadata.result_id')"_s;
    QTest::newRow("empty content_id")
        << QJsonValue(u""_s) << absent << u"field 'metadata.content_id' must not be empty"_s;
    QTest::newRow("both empty") << QJsonValue(u""_s) << QJsonValue(u""_s)
                                << u"field 'metadata.content_id' must not be empty"_s;
    QTest::newRow("number content_id")
        << QJsonValue(7) << absent << u"field 'metadata.content_id' must be a string"_s;
    QTest::newRow("oversized content_id")
        << QJsonValue(QString(limits::kResultId + 1, u'c')) << absent
        << u"field 'metadata.content_id' is longer than"_s;
}

void tst_ShareContentCodec::refusedContentIds()
{
    QFETCH(QJsonValue, contentId);
    QFETCH(QJsonValue, resultId);
    QFETCH(QString, expected);

    const DecodedFrame decoded = MessageCodec::decodeRequest(publishFrame(
        with(with(metadataWithoutId(), u"content_id"_s, contentId), u"result_id"_s, resultId)));
    const auto *failure = std::get_if<DecodeFailure>(&decoded);
    QVERIFY2(failure, qPrintable(describe(decoded)));
    QVERIFY2(failure->message.contains(expected),
             qPrintable(u"'%1' does not contain '%2'"_s.arg(failure->message, expected)));
}

void tst_ShareContentCodec::everyContentType_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<ContentType>("type");

    QTest::newRow("dda_result") << u"dda_result"_s << ContentType::DdaResult;
    QTest::newRow("annotation") << u"annotation"_s << ContentType::Annotation;
    QTest::newRow("workflow") << u"workflow"_s << ContentType::Workflow;
    QTest::newRow("parameter_set") << u"parameter_set"_s << ContentType::ParameterSet;
    QTest::newRow("data_segment") << u"data_segment"_s << ContentType::DataSegment;
}

void tst_ShareContentCodec::everyContentType()
{
    QFETCH(QString, name);
    QFETCH(ContentType, type);

    const auto metadata = decodedMetadata(with(with(metadataWithoutId(), u"content_id"_s, u"c-1"_s),
                                               u"content_type"_s, QJsonValue(name)));
    if (!metadata)
        return;
    QVERIFY(metadata->contentType == type);
    QCOMPARE(contentTypeName(metadata->contentType), name);
    QVERIFY(metadata->classification == Classification::Unclassified);

    // And out again under the same name.
    ShareInfo info = sampleInfo({});
    info.metadata.contentType = type;
    QCOMPARE(sentMetadata(MessageCodec::encodeReply(info)).value("content_type"_L1).toString(),
             name);
}

void tst_ShareContentCodec::everyClassification_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<Classification>("classification");

    QTest::newRow("phi") << u"phi"_s << Classification::Phi;
    QTest::newRow("de_identified") << u"de_identified"_s << Classification::DeIdentified;
    QTest::newRow("synthetic") << u"synthetic"_s << Classification::Synthetic;
    QTest::newRow("unclassified") << u"unclassified"_s << Classification::Unclassified;
}

void tst_ShareContentCodec::everyClassification()
{
    QFETCH(QString, name);
    QFETCH(Classification, classification);

    const auto metadata = decodedMetadata(with(with(metadataWithoutId(), u"content_id"_s, u"c-1"_s),
                                               u"classification"_s, QJsonValue(name)));
    if (!metadata)
        return;
    QVERIFY(metadata->classification == classification);
    QCOMPARE(classificationName(metadata->classification), name);
    QVERIFY(metadata->contentType == ContentType::DdaResult);

    ShareInfo info = sampleInfo({});
    info.metadata.classification = classification;
    QCOMPARE(sentMetadata(MessageCodec::encodeReply(info)).value("classification"_L1).toString(),
             name);
}

void tst_ShareContentCodec::absentOrNullChoicesReadAsDefaults_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("null") << QJsonValue(QJsonValue::Null);
}

void tst_ShareContentCodec::absentOrNullChoicesReadAsDefaults()
{
    QFETCH(QJsonValue, value);

    const auto metadata = decodedMetadata(
        with(with(with(metadataWithoutId(), u"result_id"_s, u"r-1"_s), u"content_type"_s, value),
             u"classification"_s, value));
    if (!metadata)
        return;
    QVERIFY(metadata->contentType == ContentType::DdaResult);
    QVERIFY(metadata->classification == Classification::Unclassified);
}

void tst_ShareContentCodec::unknownChoicesAreRefused_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("expected");

    const QString types = u"field 'metadata.content_type' must be one of dda_result, annotation, "
                          "workflow, parameter_set, data_segment"_s;
    const QString classes = u"field 'metadata.classification' must be one of phi, de_identified, "
                            "synthetic, unclassified"_s;
    QTest::newRow("content_type: unknown name")
        << u"content_type"_s << QJsonValue(u"video"_s) << types;
    QTest::newRow("content_type: other case")
        << u"content_type"_s << QJsonValue(u"DDA_RESULT"_s) << types;
    QTest::newRow("content_type: empty") << u"content_type"_s << QJsonValue(u""_s) << types;
    QTest::newRow("content_type: number") << u"content_type"_s << QJsonValue(1)
                                          << u"field 'metadata.content_type' must be a string"_s;
    QTest::newRow("classification: unknown name")
        << u"classification"_s << QJsonValue(u"secret"_s) << classes;
    QTest::newRow("classification: the desktops' display name")
        << u"classification"_s << QJsonValue(u"De-identified"_s) << classes;
    QTest::newRow("classification: bool") << u"classification"_s << QJsonValue(true)
                                          << u"field 'metadata.classification' must be a string"_s;
}

void tst_ShareContentCodec::unknownChoicesAreRefused()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, expected);

    // A decode failure, which the broker answers with PARSE_ERROR (tst_e2e_contentmetadata).
    const DecodedFrame decoded = MessageCodec::decodeRequest(
        publishFrame(with(with(metadataWithoutId(), u"content_id"_s, u"c-1"_s), field, value)));
    const auto *failure = std::get_if<DecodeFailure>(&decoded);
    QVERIFY2(failure, qPrintable(describe(decoded)));
    QVERIFY2(failure->message.contains(expected),
             qPrintable(u"'%1' does not contain '%2'"_s.arg(failure->message, expected)));
}

void tst_ShareContentCodec::desktopCountsAreIgnored_data()
{
    QTest::addColumn<QJsonValue>("downloadCount");
    QTest::addColumn<QJsonValue>("lastAccessedAt");

    QTest::newRow("as the later desktops send them: 0, none")
        << QJsonValue(0) << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("a count and a time") << QJsonValue(42) << QJsonValue(u"2026-03-04T08:30:00Z"_s);
    // Not even their types are checked: the broker never reads them.
    QTest::newRow("nonsense") << QJsonValue(u"many"_s) << QJsonValue(u"yesterday"_s);
    QTest::newRow("negative, number") << QJsonValue(-1) << QJsonValue(17);
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << QJsonValue(QJsonValue::Null);
}

void tst_ShareContentCodec::desktopCountsAreIgnored()
{
    QFETCH(QJsonValue, downloadCount);
    QFETCH(QJsonValue, lastAccessedAt);

    const QJsonObject published = with(with(with(metadataWithoutId(), u"content_id"_s, u"c-1"_s),
                                            u"download_count"_s, downloadCount),
                                       u"last_accessed_at"_s, lastAccessedAt);
    const auto metadata = decodedMetadata(published);
    if (!metadata)
        return;
    // The same metadata as without them; PublishShare has nowhere to carry counts.
    const auto plain = decodedMetadata(with(metadataWithoutId(), u"content_id"_s, u"c-1"_s));
    QVERIFY(plain);
    QVERIFY(*metadata == *plain);
}

void tst_ShareContentCodec::unknownMetadataFieldsAreIgnored()
{
    // What a later desktop might add, and the richer policy fields they keep to themselves.
    QJsonObject published = with(metadataWithoutId(), u"content_id"_s, u"c-1"_s);
    published.insert("expires_at"_L1, "2026-04-01T00:00:00Z"_L1);
    published.insert("permissions"_L1, QJsonObject{{"download"_L1, true}});
    published.insert("content_hash"_L1, 12345);
    published.insert("access_policy"_L1,
                     QJsonObject{{"type"_L1, "public"_L1}, {"max_downloads"_L1, 3}});
    const auto metadata = decodedMetadata(published);
    if (!metadata)
        return;
    QCOMPARE(metadata->resultId, u"c-1"_s);
    QVERIFY(metadata->accessPolicy == AccessPolicy::makePublic());
}

void tst_ShareContentCodec::sentMetadataCarriesEverything_data()
{
    QTest::addColumn<ShareUsage>("usage");
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<double>("downloadCount");
    QTest::addColumn<QJsonValue>("lastAccessedAt");

    const QStringList always{u"access_policy"_s,  u"classification"_s, u"content_id"_s,
                             u"content_type"_s,   u"created_at"_s,     u"description"_s,
                             u"download_count"_s, u"expires_at"_s,     u"owner_user_id"_s,
                             u"result_id"_s,      u"title"_s};
    QStringList withTime = always;
    withTime.insert(8, u"last_accessed_at"_s);
    QTest::newRow("never opened: no last_accessed_at")
        << ShareUsage{} << always << 0.0 << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("opened three times") << ShareUsage{3, kAccessedAt} << withTime << 3.0
                                        << QJsonValue(u"2026-03-04T08:30:00.005Z"_s);
}

void tst_ShareContentCodec::sentMetadataCarriesEverything()
{
    QFETCH(ShareUsage, usage);
    QFETCH(QStringList, keys);
    QFETCH(double, downloadCount);
    QFETCH(QJsonValue, lastAccessedAt);

    const ShareInfo info = sampleInfo(usage);
    // share_info (also the body of GET /api/shares/TOKEN), share_list and share_published alike.
    ShareRecord record{info.token, info.metadata, std::nullopt, usage};
    const QList<QJsonObject> sent{
        sentMetadata(MessageCodec::encodeReply(info)),
        QJsonDocument::fromJson(MessageCodec::encodeReply(ShareList{{record}, false}))
            .object()
            .value("shares"_L1)
            .toArray()
            .first()
            .toObject()
            .value("metadata"_L1)
            .toObject(),
        QJsonDocument::fromJson(MessageCodec::encodeEvent(SharePublished{record}))
            .object()
            .value("metadata"_L1)
            .toObject(),
    };
    for (const QJsonObject &metadata : sent) {
        QCOMPARE(metadata.keys(), keys);
        QCOMPARE(metadata.value("result_id"_L1).toString(), u"content-uuid"_s);
        QCOMPARE(metadata.value("content_id"_L1).toString(), u"content-uuid"_s);
        QCOMPARE(metadata.value("content_type"_L1).toString(), u"parameter_set"_s);
        QCOMPARE(metadata.value("classification"_L1).toString(), u"synthetic"_s);
        QVERIFY(metadata.value("download_count"_L1).isDouble());
        QCOMPARE(metadata.value("download_count"_L1).toDouble(), downloadCount);
        QCOMPARE(metadata.value("last_accessed_at"_L1), lastAccessedAt);
        // A share that never ends says so with null.
        QVERIFY(metadata.value("expires_at"_L1).isNull());
    }
}

void tst_ShareContentCodec::sentMetadataReadsBack()
{
    // What the broker sends, its clients (the monitor, the tests) read back whole, counts included.
    const ShareInfo info = sampleInfo(ShareUsage{7, kAccessedAt});
    const DecodedServerFrame decoded =
        MessageCodec::decodeServerFrame(MessageCodec::encodeReply(info));
    const auto *reply = std::get_if<IncomingReply>(&decoded);
    QVERIFY(reply);
    const auto *back = std::get_if<ShareInfo>(&reply->reply);
    QVERIFY(back);
    QVERIFY(back->metadata == info.metadata);
    QCOMPARE(back->usage.downloadCount, quint64(7));
    QCOMPARE(back->usage.lastAccessedAt, std::optional<QDateTime>(kAccessedAt));
}

QTEST_GUILESS_MAIN(tst_ShareContentCodec)
#include "tst_sharecontentcodec.moc"
