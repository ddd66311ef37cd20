// The codec of a share's access list: list_share_access in (token, optional limit and after) and
// share_access out, both ways through MessageCodec; bad limits and entries refused by name.

#include "protocol/MessageCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace ddalab::protocol;

namespace {

QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class tst_ShareAccessCodec : public QObject
{
    Q_OBJECT

private slots:
    void requestBothWays();
    void badRequestsAreRefused_data();
    void badRequestsAreRefused();
    void replyBothWays();
};

void tst_ShareAccessCodec::requestBothWays()
{
    const ListShareAccess sent{u"q7cF0nXkR4m2vB9sT1uWyA"_s, 50, u"812"_s};
    const QByteArray text = MessageCodec::encodeRequest(sent, u"m1"_s);
    QCOMPARE(parse(text), (QJsonObject{{"type"_L1, "list_share_access"_L1},
                                       {"message_id"_L1, "m1"_L1},
                                       {"token"_L1, sent.token},
                                       {"limit"_L1, 50},
                                       {"after"_L1, "812"_L1}}));
    const DecodedFrame decoded = MessageCodec::decodeRequest(text);
    const auto *incoming = std::get_if<IncomingRequest>(&decoded);
    QVERIFY(incoming);
    const auto *message = std::get_if<ListShareAccess>(&incoming->request);
    QVERIFY(message);
    QCOMPARE(message->token, sent.token);
    QCOMPARE(message->limit, std::optional<int>(50));
    QCOMPARE(message->after, std::optional<QString>(u"812"_s));
    QCOMPARE(requestTypeName(*message), u"list_share_access"_s);
    QVERIFY(!isAdminRequest(*message));

    const DecodedFrame bare =
        MessageCodec::decodeRequest(R"({"type":"list_share_access","token":"abc"})");
    const auto *plain = std::get_if<ListShareAccess>(&std::get<IncomingRequest>(bare).request);
    QVERIFY(plain && !plain->limit && !plain->after);
}

void tst_ShareAccessCodec::badRequestsAreRefused_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("field");
    QTest::newRow("no token") << QByteArray(R"({"type":"list_share_access"})") << u"token"_s;
    QTest::newRow("limit 0") << QByteArray(R"({"type":"list_share_access","token":"a","limit":0})")
                             << u"limit"_s;
    QTest::newRow("limit text") << QByteArray(
                                       R"({"type":"list_share_access","token":"a","limit":"5"})")
                                << u"limit"_s;
    QTest::newRow("after number") << QByteArray(
                                         R"({"type":"list_share_access","token":"a","after":5})")
                                  << u"after"_s;
}

void tst_ShareAccessCodec::badRequestsAreRefused()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, field);
    const DecodedFrame decoded = MessageCodec::decodeRequest(frame);
    const auto *failure = std::get_if<DecodeFailure>(&decoded);
    QVERIFY(failure);
    QVERIFY2(failure->message.contains(field), qPrintable(failure->message));
}

void tst_ShareAccessCodec::replyBothWays()
{
    const QDateTime time(QDate(2026, 3, 2), QTime(9, 15, 0, 120), Qt::UTC);
    const ShareAccessList sent{
        u"tok"_s,
        {ShareAccessEntry{time, u"bob@institution.edu"_s, false, u"policy"_s, u"10.0.0.7"_s},
         ShareAccessEntry{time.addSecs(-60), u"anonymous"_s, true, {}, std::nullopt},
         ShareAccessEntry{
             time.addSecs(-120), u"carol"_s, true, {}, std::nullopt, 3, time.addSecs(-119)}},
        u"812"_s};
    const QByteArray text = MessageCodec::encodeReply(sent, u"r1"_s);
    const QJsonObject json = parse(text);
    QCOMPARE(json.value("type"_L1).toString(), u"share_access"_s);
    QCOMPARE(json.value("next_cursor"_L1).toString(), u"812"_s);
    const QJsonArray entries = json.value("entries"_L1).toArray();
    QCOMPARE(entries.at(0).toObject(), (QJsonObject{{"time"_L1, "2026-03-02T09:15:00.120Z"_L1},
                                                    {"requester"_L1, "bob@institution.edu"_L1},
                                                    {"outcome"_L1, "denied"_L1},
                                                    {"reason"_L1, "policy"_L1},
                                                    {"address"_L1, "10.0.0.7"_L1}}));
    QCOMPARE(entries.at(1).toObject(), (QJsonObject{{"time"_L1, "2026-03-02T09:14:00.120Z"_L1},
                                                    {"requester"_L1, "anonymous"_L1},
                                                    {"outcome"_L1, "granted"_L1}}));
    // Repeated requests merged into one entry carry their count and the last one's time.
    QCOMPARE(entries.at(2).toObject(),
             (QJsonObject{{"time"_L1, "2026-03-02T09:13:00.120Z"_L1},
                          {"requester"_L1, "carol"_L1},
                          {"outcome"_L1, "granted"_L1},
                          {"count"_L1, 3},
                          {"last_time"_L1, "2026-03-02T09:13:01.120Z"_L1}}));

    const DecodedServerFrame decoded = MessageCodec::decodeServerFrame(text);
    const auto *incoming = std::get_if<IncomingReply>(&decoded);
    QVERIFY(incoming);
    QCOMPARE(incoming->messageId, std::optional<QString>(u"r1"_s));
    const auto *list = std::get_if<ShareAccessList>(&incoming->reply);
    QVERIFY(list);
    QCOMPARE(list->token, sent.token);
    QCOMPARE(list->entries, sent.entries);
    QCOMPARE(list->nextCursor, sent.nextCursor);

    const DecodedServerFrame bad = MessageCodec::decodeServerFrame(
        R"({"type":"share_access","token":"tok","entries":[{"time":"2026-03-02T09:15:00Z",)"
        R"("requester":"bob","outcome":"maybe"}]})");
    QVERIFY(std::holds_alternative<DecodeFailure>(bad));
    for (const char *entry : {R"("count":0)", R"("count":"3")", R"("last_time":"yesterday")"}) {
        const QByteArray frame =
            R"({"type":"share_access","token":"tok","entries":[{"time":"2026-03-02T09:15:00Z",)"
            R"("requester":"bob","outcome":"granted",)" +
            QByteArray(entry) + "}]}";
        QVERIFY2(std::holds_alternative<DecodeFailure>(MessageCodec::decodeServerFrame(frame)),
                 entry);
    }
}

QTEST_GUILESS_MAIN(tst_ShareAccessCodec)
#include "tst_shareaccesscodec.moc"
