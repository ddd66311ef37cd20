#include "AuditPane.h"

#include "AuditFeed.h"
#include "domain/AuditAction.h"
#include "protocol/Rfc3339.h"

#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

namespace {

QLineEdit *makeFilter(const QString &placeholder, const QString &name, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setPlaceholderText(placeholder);
    edit->setObjectName(name);
    edit->setClearButtonEnabled(true);
    return edit;
}

// "" → nullopt; an RFC 3339 time; false when the text is neither.
bool readTime(const QString &text, std::optional<QDateTime> *time)
{
    time->reset();
    if (text.trimmed().isEmpty())
        return true;
    *time = rfc3339::parse(text.trimmed());
    return time->has_value();
}

} // namespace

AuditPane::AuditPane(AuditFeed &feed, QWidget *parent)
    : QWidget(parent), m_feed(feed),
      m_actor(makeFilter(u"user id, admin:NAME or broker"_s, u"auditActor"_s, this)),
      m_action(makeFilter(u"e.g. share.granted"_s, u"auditAction"_s, this)),
      m_target(makeFilter(u"token, team, user or session id"_s, u"auditTarget"_s, this)),
      m_since(makeFilter(u"RFC 3339, e.g. 2026-11-01T00:00:00Z"_s, u"auditSince"_s, this)),
      m_until(makeFilter(u"RFC 3339"_s, u"auditUntil"_s, this)), m_view(new QTableView(this)),
      m_message(new QLabel(this))
{
    auto *actions = new QCompleter(AuditAction::all(), m_action);
    m_action->setCompleter(actions);

    auto *filters = new QFormLayout;
    filters->addRow(u"Actor"_s, m_actor);
    filters->addRow(u"Action"_s, m_action);
    filters->addRow(u"Target"_s, m_target);
    filters->addRow(u"Since"_s, m_since);
    filters->addRow(u"Until"_s, m_until);
    auto *searchButton = new QPushButton(u"Search"_s, this);
    searchButton->setObjectName(u"auditSearch"_s);
    connect(searchButton, &QPushButton::clicked, this, &AuditPane::search);
    for (QLineEdit *edit : {m_actor, m_action, m_target, m_since, m_until})
        connect(edit, &QLineEdit::returnPressed, this, &AuditPane::search);

    auto *top = new QHBoxLayout;
    top->addLayout(filters, 1);
    top->addWidget(searchButton, 0, Qt::AlignBottom);

    m_view->setModel(&m_feed.model());
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_message->setObjectName(u"auditMessage"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_message);

    connect(&m_feed, &AuditFeed::queryFinished, this,
            [this](bool, const QString &message) { m_message->setText(message); });
    connect(&m_feed, &AuditFeed::skippedLiveChanged, this, [this](quint64 skipped) {
        if (skipped > 0)
            m_message->setText(
                u"%1 rows came too fast to show live; search again to list them"_s.arg(skipped));
    });
}

QString AuditPane::message() const
{
    return m_message->text();
}

bool AuditPane::search()
{
    AuditQuery query;
    query.actor = m_actor->text().trimmed();
    query.action = m_action->text().trimmed();
    query.target = m_target->text().trimmed();
    if (!readTime(m_since->text(), &query.since)) {
        m_message->setText(u"Since: not an RFC 3339 time"_s);
        return false;
    }
    if (!readTime(m_until->text(), &query.until)) {
        m_message->setText(u"Until: not an RFC 3339 time"_s);
        return false;
    }
    m_feed.run(query);
    return true;
}

} // namespace ddalab::monitor
