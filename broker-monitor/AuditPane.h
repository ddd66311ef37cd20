#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;

namespace ddalab::monitor {

class AuditFeed;

// The audit tab: filters (actor, action, target, since, until: empty matches anything), Search,
// and the rows newest first; older rows load as the view scrolls, new ones that match appear on
// top as the broker commits them.
class AuditPane : public QWidget
{
    Q_OBJECT
public:
    explicit AuditPane(AuditFeed &feed, QWidget *parent = nullptr);

    QLineEdit *actorFilter() const { return m_actor; }
    QLineEdit *actionFilter() const { return m_action; }
    QLineEdit *targetFilter() const { return m_target; }
    QLineEdit *sinceFilter() const { return m_since; }
    QLineEdit *untilFilter() const { return m_until; }
    QTableView *view() const { return m_view; }
    // What the last search said (how many rows, or why it failed).
    QString message() const;

    // Runs the query the filters describe; false (and a message) for a time that is not RFC 3339.
    bool search();

private:
    AuditFeed &m_feed;
    QLineEdit *m_actor;
    QLineEdit *m_action;
    QLineEdit *m_target;
    QLineEdit *m_since;
    QLineEdit *m_until;
    QTableView *m_view;
    QLabel *m_message;
};

} // namespace ddalab::monitor
