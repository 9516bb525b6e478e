//! The operators of the heuristic's genetic search over activity lists (lists of every task,
//! each after its predecessors, that the serial scheme schedules in order): two-point
//! crossover and adjacent-swap mutation, both of which keep a list precedence-feasible
//! (Hartmann 1998, "A competitive genetic algorithm for resource-constrained project
//! scheduling").

use super::order::Successors;
use crate::engine::rng::uniform;

/// The child of `mother` and `father` cut at `q1 <= q2`: the mother's first `q1` tasks, then
/// the father's tasks not yet taken up to position `q2`, in his order, then the rest in the
/// mother's order. Every task comes after its predecessors when it does in both parents.
pub fn crossover(
    mother: &[u32],
    father: &[u32],
    q1: usize,
    q2: usize,
    taken: &mut [bool],
    child: &mut Vec<u32>,
) {
    let n = mother.len();
    child.clear();
    taken.fill(false);
    for &i in &mother[..q1] {
        taken[i as usize] = true;
        child.push(i);
    }
    for &i in father {
        if child.len() >= q2 {
            break;
        }
        if !taken[i as usize] {
            taken[i as usize] = true;
            child.push(i);
        }
    }
    for &i in mother {
        if child.len() >= n {
            break;
        }
        if !taken[i as usize] {
            taken[i as usize] = true;
            child.push(i);
        }
    }
}

/// Swaps each pair of neighbours with probability `p`, unless the second depends on the
/// first (which would put it before its predecessor).
pub fn mutate(list: &mut [u32], succ: &Successors, p: f64, rng: &mut impl rand::Rng) {
    for k in 0..list.len().saturating_sub(1) {
        if uniform(rng) < p && !succ.of_task(list[k] as usize).contains(&list[k + 1]) {
            list.swap(k, k + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::leveling::tests::compiled;
    use crate::engine::rng::side_rng;

    /// a -> c, b -> c, c -> d, b -> e: positions a 0, b 1, c 2, d 3, e 4.
    const NET: &str = r#"
[project]
name = "net"
start = 2027-01-04
calendar = "continuous"

[[tasks]]
id = "a"
estimate = 1

[[tasks]]
id = "b"
estimate = 1

[[tasks]]
id = "c"
depends_on = ["a", "b"]
estimate = 1

[[tasks]]
id = "d"
depends_on = ["c"]
estimate = 1

[[tasks]]
id = "e"
depends_on = ["b"]
estimate = 1
"#;

    fn feasible(m: &crate::model::Model, list: &[u32]) -> bool {
        let mut at = vec![usize::MAX; list.len()];
        for (k, &i) in list.iter().enumerate() {
            at[i as usize] = k;
        }
        (0..list.len()).all(|j| m.preds_of(j).iter().all(|p| at[p.task as usize] < at[j]))
            && at.iter().all(|&k| k != usize::MAX)
    }

    #[test]
    fn the_child_takes_the_mothers_head_the_fathers_middle_and_the_mothers_rest() {
        let mother = [0, 1, 2, 3, 4];
        let father = [1, 4, 0, 2, 3];
        let mut taken = vec![false; 5];
        let mut child = Vec::new();
        crossover(&mother, &father, 1, 3, &mut taken, &mut child);
        assert_eq!(child, [0, 1, 4, 2, 3]);
        crossover(&father, &mother, 2, 2, &mut taken, &mut child);
        assert_eq!(child, [1, 4, 0, 2, 3]);
        crossover(&mother, &father, 0, 5, &mut taken, &mut child);
        assert_eq!(child, father);
    }

    #[test]
    fn crossover_and_mutation_keep_every_list_precedence_feasible() {
        let m = compiled(NET);
        let succ = Successors::of(&m);
        let lists = [
            [0, 1, 2, 3, 4],
            [1, 4, 0, 2, 3],
            [1, 0, 2, 4, 3],
            [0, 1, 4, 2, 3],
        ];
        let mut rng = side_rng(1, 2);
        let mut taken = vec![false; 5];
        let mut child = Vec::new();
        for a in &lists {
            for b in &lists {
                for q1 in 0..=5 {
                    for q2 in q1..=5 {
                        crossover(a, b, q1, q2, &mut taken, &mut child);
                        assert!(
                            feasible(&m, &child),
                            "{a:?} x {b:?} at {q1}, {q2}: {child:?}"
                        );
                        mutate(&mut child, &succ, 0.5, &mut rng);
                        assert!(feasible(&m, &child), "mutated: {child:?}");
                    }
                }
            }
        }
    }
}
